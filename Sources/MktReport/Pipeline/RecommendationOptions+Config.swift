import MktData
import MktModels

extension RecommendationOptions {
    /// The recommendation engine's settings from the run configuration.
    public init(_ settings: Config.RecommendationSettings) {
        self.init(topN: settings.topN, eventWeights: settings.eventWeights, neighbours: settings.neighbours,
                  shrinkage: settings.shrinkage)
    }
}
