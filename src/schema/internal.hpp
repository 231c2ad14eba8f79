#pragma once
// The compiled form of a schema, shared by the compiler and the evaluator.
// Not part of the public interface.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/literal.hpp"
#include "schema/formats/formats.hpp"
#include "schema/regex/regex.hpp"
#include "schema/validator.hpp"
#include "text/stable_list.hpp"

namespace rc::schema {

struct Node;

// A schema resource (a document root or a subschema with $id): the unit of
// the dynamic scope that $dynamicRef searches.
struct Resource {
  std::string uri;
  std::unordered_map<std::string, const json*> dynamicAnchors;  // name -> schema (compiling only)
  // (name, its Node), sorted by name, no name twice: what $dynamicRef
  // searches. Filled once compiling ends, and by a compiled tool set's reader
  // (which has no schema documents, and refuses a list out of order, so that
  // the browser core carries neither a hash table nor a sort for it).
  std::vector<std::pair<std::string, const Node*>> dynamicAnchorNodes;

  // The node of the dynamic anchor `name`, or null.
  const Node* dynamic_anchor_node(std::string_view name) const {
    std::size_t lo = 0, hi = dynamicAnchorNodes.size();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (dynamicAnchorNodes[mid].first < name) lo = mid + 1;
      else hi = mid;
    }
    return lo < dynamicAnchorNodes.size() && dynamicAnchorNodes[lo].first == name ? dynamicAnchorNodes[lo].second
                                                                                   : nullptr;
  }
};

enum TypeBit : std::uint8_t {
  kNull = 1, kBoolean = 2, kObject = 4, kArray = 8, kNumber = 16, kInteger = 32, kString = 64,
};

struct PatternNode {
  std::string source;
  regex::Regex re;
  Node* node = nullptr;
};

struct Keyword {
  enum Kind : std::uint8_t {
    Type, Enum, Const, MultipleOf, Maximum, ExclusiveMaximum, Minimum, ExclusiveMinimum,
    MaxLength, MinLength, Pattern, Format, MaxItems, MinItems, UniqueItems, MaxProperties, MinProperties,
    Required, DependentRequired, Ref, DynamicRef, AllOf, AnyOf, OneOf, Not, IfThenElse,
    Properties,        // properties + patternProperties + additionalProperties together
    PropertyNames, DependentSchemas, Items,  // Items: prefixItems/items/additionalItems together
    Contains, UnevaluatedItems, UnevaluatedProperties,
  };
  Kind kind;
  std::string name;  // the keyword as written (first path segment on errors)

  std::uint8_t types = 0;
  double number = 0;
  bool numberIsInteger = false;
  std::int64_t integer = 0;
  std::size_t count = 0;
  JsonLiteral value;  // const, enum, a limit: as the schema wrote it
  std::vector<std::string> strings;
  std::vector<std::pair<std::string, std::vector<std::string>>> deps;  // dependentRequired
  FormatKind format = FormatKind::Unknown;
  std::unique_ptr<regex::Regex> re;

  Node* sub = nullptr;                  // single subschema ($ref, not, if, contains, ...)
  Node* then_ = nullptr;                // IfThenElse
  Node* else_ = nullptr;
  std::vector<Node*> subs;              // allOf/anyOf/oneOf; prefix items
  std::vector<std::pair<std::string, Node*>> named;  // properties / dependentSchemas
  std::vector<std::unique_ptr<PatternNode>> patterns;  // patternProperties
  Node* additional = nullptr;           // additionalProperties / items after the prefix
  std::string prefixName;               // "prefixItems" or "items" (array form)
  std::string additionalName;           // "additionalProperties", "items", "additionalItems"
  std::string propertiesName = "properties";
  bool hasMin = false, hasMax = false;  // contains: minContains / maxContains
  std::size_t minContains = 1, maxContains = 0;
  std::string dynamicAnchor;            // DynamicRef: the anchor to look up in the dynamic scope
};

struct Node {
  std::uint32_t id = 0;  // index in Impl::nodes
  bool isBool = false;
  bool boolValue = true;
  bool hasUnevaluated = false;  // needs annotations from its subschemas
  bool leaf = false;            // only scalar checks: no subschema, no $ref (a fast path)
  const Resource* resource = nullptr;
  bool resourceRoot = false;     // entering it pushes `resource` onto the dynamic scope
  std::vector<Keyword> keywords;
};

struct CompiledSchema::Impl {
  EvaluationOptions options;
  // Compiling only: the schema documents (stable storage the compiler's maps
  // point into). Shared, so that their destructor is built where they are
  // (the compiler), not in the browser core that reads compiled sets.
  std::shared_ptr<std::deque<json>> documents;
  text::StableList<Resource> resources;
  text::StableList<Node> nodes;
  std::unordered_map<const json*, Node*> compiled;
  Node* root = nullptr;
};

// Builds `impl` (nodes, resources) from `schema`; false with `error` on failure.
bool compile_into(CompiledSchema::Impl& impl, const json& schema, const CompileOptions& options, std::string& error);
// The evaluation budget of one call (Limits::evaluationStep*): factor x
// `values` (the instance's) x `nodes` (the schema's), within floor and cap.
std::uint64_t step_budget(const Limits& limits, std::uint64_t values, std::uint64_t nodes);
ValidationResult evaluate(const CompiledSchema::Impl& impl, const IDocument& instance);
// The same, with the errors in `record` (started by the caller) and only the
// flags in the result.
ValidationResult evaluate_into(const CompiledSchema::Impl& impl, const IDocument& instance, ErrorRecord& record);

}  // namespace rc::schema
