/** A user's module: it requires the two Errands modules, and nothing else for them. */
module com.example.trips {
    requires dev.errands;
    requires dev.errands.runtime;
}
