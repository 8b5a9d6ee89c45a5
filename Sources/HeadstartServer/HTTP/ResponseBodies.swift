import HeadstartAPI
import HeadstartFormats
import Hummingbird

// The API's bodies are sent as they are typed: through the request context's encoder.
extension HealthBody: ResponseEncodable {}
extension PlanListBody: ResponseEncodable {}
extension HeadStartBody: ResponseEncodable {}
extension PlanBody: ResponseEncodable {}
extension PlanStoredBody: ResponseEncodable {}
extension ReplanBody: ResponseEncodable {}
extension CatalogReplacedBody: ResponseEncodable {}
extension ListingListBody: ResponseEncodable {}
extension ListingStoredBody: ResponseEncodable {}
