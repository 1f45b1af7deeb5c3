// The steady-state allocation test reads the process-wide buffer pool counters, which other
// inference tests running at the same time would move: run this assembly's tests one by one.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
