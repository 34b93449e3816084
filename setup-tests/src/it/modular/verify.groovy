// Main ran in three named modules and checked the result; the orchestrator carries no @Generated,
// since com.example.trips does not read java.compiler.
def log = new File(basedir, 'build.log').text
assert log.contains('in the modules com.example.trips, dev.errands.runtime, dev.errands: Result[flight=flight to Lisbon, hotel=hotel in Lisbon, plan=flight to Lisbon, hotel in Lisbon]')
def orchestrator = new File(basedir, 'target/generated-sources/annotations/com/example/trips/TripOrchestrator.java').text
assert !orchestrator.contains('Generated')
