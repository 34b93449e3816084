// Main ran on the class path and checked the result; the orchestrator carries @Generated.
def log = new File(basedir, 'build.log').text
assert log.contains('in the unnamed module: Result[flight=flight to Lisbon, hotel=hotel in Lisbon, plan=flight to Lisbon, hotel in Lisbon]')
def orchestrator = new File(basedir, 'target/generated-sources/annotations/com/example/trips/TripOrchestrator.java').text
assert orchestrator.contains('@Generated("dev.errands.processor.ErrandsProcessor")')
