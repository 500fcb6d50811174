// One test at a time: the machine is small and each test class boots a host and drives node processes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
