// Clusters of real nodes share two cores: run test classes one after another so elections are not starved.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
