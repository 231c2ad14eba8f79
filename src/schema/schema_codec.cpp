#include "schema/schema_codec.hpp"

#include <cmath>
#include <unordered_map>

#include "schema/builder.hpp"
#include "schema/internal.hpp"
#include "schema/regex/regex_codec.hpp"

namespace rc::schema {

namespace {

using binary::ByteReader;
using binary::ByteWriter;

constexpr std::size_t kMaxNodes = 1 << 16;
// Keyword kinds number 33 and a node holds each at most once.
constexpr std::size_t kMaxKeywordsPerNode = 40;
constexpr std::size_t kMaxNameBytes = 1 << 16;
constexpr std::size_t kMaxValueBytes = 1 << 22;
constexpr std::size_t kMaxListLength = 1 << 20;
constexpr std::uint64_t kNone = 0;  // node and resource references are written as index + 1

// Which of a keyword's optional fields follow it. The numbers a limit or a
// divisor is compared with are not among them: the reader derives them from
// `value`, as the compiler does, so they cannot disagree with it.
enum Field : std::uint32_t {
  kTypes = 1u << 0, kCount = 1u << 1, kValue = 1u << 2, kStrings = 1u << 3, kDeps = 1u << 4, kFormat = 1u << 5,
  kRegex = 1u << 6, kSub = 1u << 7, kThen = 1u << 8, kElse = 1u << 9, kSubs = 1u << 10, kNamed = 1u << 11,
  kPatterns = 1u << 12, kAdditional = 1u << 13, kPrefixName = 1u << 14, kAdditionalName = 1u << 15,
  kPropertiesName = 1u << 16, kMinContains = 1u << 17, kMaxContains = 1u << 18, kDynamicAnchor = 1u << 19,
  kAllFields = (1u << 20) - 1,
  // Those after kAdditional, all seldom used (Reader::rare_fields).
  kRareTail = kPrefixName | kAdditionalName | kPropertiesName | kMinContains | kMaxContains | kDynamicAnchor,
};

std::uint32_t fields_of(const Keyword& k) {
  std::uint32_t f = 0;
  if (k.types) f |= kTypes;
  if (k.count) f |= kCount;
  if (!k.value.empty()) f |= kValue;
  if (!k.strings.empty()) f |= kStrings;
  if (!k.deps.empty()) f |= kDeps;
  if (k.format != FormatKind::Unknown) f |= kFormat;
  if (k.re) f |= kRegex;
  if (k.sub) f |= kSub;
  if (k.then_) f |= kThen;
  if (k.else_) f |= kElse;
  if (!k.subs.empty()) f |= kSubs;
  if (!k.named.empty()) f |= kNamed;
  if (!k.patterns.empty()) f |= kPatterns;
  if (k.additional) f |= kAdditional;
  if (!k.prefixName.empty()) f |= kPrefixName;
  if (!k.additionalName.empty()) f |= kAdditionalName;
  if (k.propertiesName != "properties") f |= kPropertiesName;
  if (k.hasMin) f |= kMinContains;
  if (k.hasMax) f |= kMaxContains;
  if (!k.dynamicAnchor.empty()) f |= kDynamicAnchor;
  return f;
}

class Writer {
 public:
  Writer(const CompiledSchema::Impl& impl, ByteWriter& out) : impl_(impl), out_(out) {
    std::size_t i = 0;
    for (const Resource& r : impl_.resources) resourceIndex_[&r] = i++;
  }

  void write() {
    out_.varint(impl_.resources.size());
    for (const Resource& r : impl_.resources) {
      out_.bytes(r.uri);
      out_.varint(r.dynamicAnchorNodes.size());
      for (const auto& [name, node] : r.dynamicAnchorNodes) {
        out_.bytes(name);
        node_ref(node);
      }
    }
    out_.varint(impl_.nodes.size());
    for (const Node& n : impl_.nodes) {
      out_.u8(static_cast<std::uint8_t>((n.isBool ? 1 : 0) | (n.boolValue ? 2 : 0)));
      out_.varint(n.resource ? resourceIndex_.at(n.resource) + 1 : kNone);
      out_.varint(n.keywords.size());
      for (const Keyword& k : n.keywords) keyword(k);
    }
    node_ref(impl_.root);
  }

 private:
  void node_ref(const Node* n) { out_.varint(n ? n->id + 1 : kNone); }

  void keyword(const Keyword& k) {
    out_.u8(k.kind);
    out_.bytes(k.name);
    const std::uint32_t f = fields_of(k);
    out_.varint(f);
    if (f & kTypes) out_.u8(k.types);
    if (f & kCount) out_.varint(k.count);
    if (f & kValue) out_.bytes(k.value.text());
    if (f & kStrings) {
      out_.varint(k.strings.size());
      for (const auto& s : k.strings) out_.bytes(s);
    }
    if (f & kDeps) {
      out_.varint(k.deps.size());
      for (const auto& [name, needs] : k.deps) {
        out_.bytes(name);
        out_.varint(needs.size());
        for (const auto& s : needs) out_.bytes(s);
      }
    }
    if (f & kFormat) out_.u8(static_cast<std::uint8_t>(k.format));
    if (f & kRegex) regex::write_regex(*k.re, out_);
    if (f & kSub) node_ref(k.sub);
    if (f & kThen) node_ref(k.then_);
    if (f & kElse) node_ref(k.else_);
    if (f & kSubs) {
      out_.varint(k.subs.size());
      for (const Node* s : k.subs) node_ref(s);
    }
    if (f & kNamed) {
      out_.varint(k.named.size());
      for (const auto& [name, node] : k.named) {
        out_.bytes(name);
        node_ref(node);
      }
    }
    if (f & kPatterns) {
      out_.varint(k.patterns.size());
      for (const auto& p : k.patterns) {
        regex::write_regex(p->re, out_);
        node_ref(p->node);
      }
    }
    if (f & kAdditional) node_ref(k.additional);
    if (f & kPrefixName) out_.bytes(k.prefixName);
    if (f & kAdditionalName) out_.bytes(k.additionalName);
    if (f & kPropertiesName) out_.bytes(k.propertiesName);
    if (f & kMinContains) out_.varint(k.minContains);
    if (f & kMaxContains) out_.varint(k.maxContains);
    if (f & kDynamicAnchor) out_.bytes(k.dynamicAnchor);
  }

  const CompiledSchema::Impl& impl_;
  ByteWriter& out_;
  std::unordered_map<const Resource*, std::size_t> resourceIndex_;
};

bool is_scalar_check(Keyword::Kind kind) {
  switch (kind) {
    case Keyword::Type: case Keyword::Enum: case Keyword::Const: case Keyword::MultipleOf: case Keyword::Maximum:
    case Keyword::ExclusiveMaximum: case Keyword::Minimum: case Keyword::ExclusiveMinimum: case Keyword::MaxLength:
    case Keyword::MinLength: case Keyword::Pattern: case Keyword::Format: case Keyword::MaxItems:
    case Keyword::MinItems: case Keyword::UniqueItems: case Keyword::MaxProperties: case Keyword::MinProperties:
    case Keyword::Required: case Keyword::DependentRequired:
      return true;
    default:
      return false;
  }
}

bool needs_sub(Keyword::Kind kind) {
  switch (kind) {
    case Keyword::Ref: case Keyword::DynamicRef: case Keyword::Not: case Keyword::IfThenElse:
    case Keyword::PropertyNames: case Keyword::Contains: case Keyword::UnevaluatedItems:
    case Keyword::UnevaluatedProperties:
      return true;
    default:
      return false;
  }
}

class Reader {
 public:
  Reader(ByteReader& in, CompiledSchema::Impl& impl) : in_(in), impl_(impl) {}

  bool read() {
    const std::size_t resources = in_.count(kMaxNodes, "too many schema resources");
    // Each dynamic anchor's node reference, in the order the anchors are read:
    // resolved once the nodes exist.
    std::vector<std::uint64_t> anchorRefs;
    for (std::size_t r = 0; r < resources && !in_.failed(); ++r) {
      Resource& resource = impl_.resources.emplace_back();
      resource.uri = in_.bytes(kMaxValueBytes, "a schema URI is too long");
      auto& anchors = resource.dynamicAnchorNodes;
      const std::size_t n = in_.count(kMaxListLength, "too many dynamic anchors");
      for (std::size_t i = 0; i < n && !in_.failed(); ++i) {
        const std::string_view name = in_.bytes(kMaxNameBytes, "a dynamic anchor is too long");
        // Sorted, no name twice, as Resource::dynamic_anchor_node searches them.
        if (i > 0 && !(std::string_view(anchors.back().first) < name)) in_.fail("dynamic anchors are not sorted");
        anchors.emplace_back(std::string(name), nullptr);
        anchorRefs.push_back(in_.varint());
      }
    }
    const std::size_t nodes = in_.count(kMaxNodes, "too many schema nodes");
    // A node takes at least three bytes: more nodes than that are a lie, refused before allocating them.
    if (!in_.failed() && nodes > in_.remaining() / 3) in_.fail("too many schema nodes");
    if (in_.failed()) return false;
    for (std::size_t i = 0; i < nodes; ++i) impl_.nodes.emplace_back().id = static_cast<std::uint32_t>(i);
    for (Node& n : impl_.nodes) {
      if (!node(n)) return false;
    }
    std::size_t next = 0;
    for (Resource& resource : impl_.resources)
      for (auto& anchor : resource.dynamicAnchorNodes) anchor.second = node_at(anchorRefs[next++], false);
    impl_.root = node_at(in_.varint(), false);
    return !in_.failed();
  }

 private:
  // A node reference: index + 1, or 0 for none where `optional`.
  Node* node_at(std::uint64_t ref, bool optional) {
    if (ref == kNone && optional) return nullptr;
    if (ref == kNone || ref > impl_.nodes.size()) return in_.fail("a schema node reference points nowhere"), nullptr;
    return &impl_.nodes[static_cast<std::size_t>(ref - 1)];
  }
  Node* node_ref(bool optional) { return node_at(in_.varint(), optional); }

  std::string text(std::size_t max = kMaxNameBytes) { return std::string(in_.bytes(max, "a name is too long")); }

  bool node(Node& n) {
    const std::uint8_t flags = in_.bounded(3, "a schema node is malformed");
    n.isBool = flags & 1;
    n.boolValue = flags & 2;
    const std::uint64_t resource = in_.bounded(impl_.resources.size(), "a schema node names an unknown resource");
    // Every schema node belongs to a resource: $dynamicRef searches their stack.
    if (resource == kNone && !n.isBool) return in_.fail("a schema node has no resource"), false;
    n.resource = resource == kNone ? nullptr : &impl_.resources[static_cast<std::size_t>(resource - 1)];
    n.keywords.resize(in_.count(kMaxKeywordsPerNode, "a schema node has too many keywords"));
    if (n.isBool && !n.keywords.empty()) return in_.fail("a boolean schema node has keywords"), false;
    for (Keyword& k : n.keywords)
      if (!keyword(k)) return false;
    // The evaluator's fast paths, derived as keywords.cpp derives them: a node
    // wrongly marked `leaf` would recurse without the depth limit.
    n.hasUnevaluated = false;
    n.leaf = true;
    for (const Keyword& k : n.keywords) {
      if (k.kind == Keyword::UnevaluatedItems || k.kind == Keyword::UnevaluatedProperties) n.hasUnevaluated = true;
      if (!is_scalar_check(k.kind)) n.leaf = false;
    }
    return !in_.failed();
  }

  // The fields of keywords a tool's parameters seldom use (dependencies,
  // regexes and their codec, conditionals, lists of subschemas, the 2019/2020
  // drafts' names), in the order they follow the common ones. Kept out of
  // keyword(), which every tool set's loading runs and V8 compiles whole on its
  // first call. One function with a caller per place its fields sit in the
  // order: clang is told not to inline it, and binaryen, which in the compiler
  // inlines any function with a single caller (the browser core and the key
  // piece cap that, cmake/wasm.cmake), sees several.
  [[gnu::noinline]] bool rare_fields(Keyword& k, std::uint32_t f) {
    if (f & kDeps) {
      k.deps.resize(in_.count(kMaxListLength, "a dependency list is too long"));
      for (auto& [name, needs] : k.deps) {
        name = text();
        needs.resize(in_.count(kMaxListLength, "a dependency list is too long"));
        for (auto& s : needs) s = text();
      }
    }
    if (f & kRegex) {
      k.re = std::make_unique<regex::Regex>();
      if (!regex::read_regex(in_, *k.re)) return false;
    }
    if (f & kThen) k.then_ = node_ref(false);
    if (f & kElse) k.else_ = node_ref(false);
    if (f & kSubs) {
      k.subs.resize(in_.count(kMaxListLength, "a schema list is too long"));
      for (auto& s : k.subs) s = node_ref(false);
    }
    if (f & kPatterns) {
      const std::size_t n = in_.count(kMaxListLength, "a pattern list is too long");
      for (std::size_t i = 0; i < n && !in_.failed(); ++i) {
        auto& p = k.patterns.emplace_back(std::make_unique<PatternNode>());
        if (!regex::read_regex(in_, p->re)) return false;
        p->source = p->re.source();
        p->node = node_ref(false);
      }
    }
    if (f & kPrefixName) k.prefixName = text();
    if (f & kAdditionalName) k.additionalName = text();
    if (f & kPropertiesName) k.propertiesName = text();
    if (f & kMinContains) k.hasMin = true, k.minContains = static_cast<std::size_t>(in_.varint());
    if (f & kMaxContains) k.hasMax = true, k.maxContains = static_cast<std::size_t>(in_.varint());
    if (f & kDynamicAnchor) k.dynamicAnchor = text();
    return true;
  }

  bool keyword(Keyword& k) {
    k.kind = static_cast<Keyword::Kind>(in_.bounded(Keyword::UnevaluatedProperties, "a schema keyword is unknown"));
    k.name = text();
    const std::uint32_t f = static_cast<std::uint32_t>(in_.bounded(kAllFields, "a schema keyword has unknown fields"));
    if (f & kTypes) k.types = static_cast<std::uint8_t>(in_.bounded(127, "a type list is malformed"));
    if (f & kCount) k.count = static_cast<std::size_t>(in_.varint());
    if (f & kValue) {
      const std::string_view valueText = in_.bytes(kMaxValueBytes, "a schema value is too long");
      if (in_.failed()) return false;
      std::string parseError;
      if (!k.value.assign(std::string(valueText), kDefaultMaxDepth, parseError))
        return in_.fail("a schema value is not JSON"), false;
    }
    if (f & kStrings) {
      k.strings.resize(in_.count(kMaxListLength, "a name list is too long"));
      for (auto& s : k.strings) s = text();
    }
    if ((f & kDeps) && !rare_fields(k, kDeps)) return false;
    if (f & kFormat) k.format = static_cast<FormatKind>(in_.bounded(static_cast<std::uint64_t>(FormatKind::Uuid), "a format is unknown"));
    if ((f & kRegex) && !rare_fields(k, kRegex)) return false;
    if (f & kSub) k.sub = node_ref(false);
    if ((f & (kThen | kElse | kSubs)) && !rare_fields(k, f & (kThen | kElse | kSubs))) return false;
    if (f & kNamed) {
      k.named.resize(in_.count(kMaxListLength, "a property list is too long"));
      for (auto& [name, node] : k.named) {
        name = text();
        node = node_ref(false);
      }
    }
    if ((f & kPatterns) && !rare_fields(k, kPatterns)) return false;
    if (f & kAdditional) k.additional = node_ref(false);
    if ((f & kRareTail) && !rare_fields(k, f & kRareTail)) return false;
    if (in_.failed()) return false;
    return consistent(k);
  }

  // What the evaluator dereferences or divides by without asking.
  bool consistent(Keyword& k) {
    if (needs_sub(k.kind) && !k.sub) return in_.fail("a schema keyword lacks its subschema"), false;
    if (k.kind == Keyword::Pattern && !k.re) return in_.fail("a pattern keyword lacks its regex"), false;
    const auto holds = [&](bool (*test)(const IValue&)) { return !k.value.empty() && test(k.value.root()); };
    if ((k.kind == Keyword::Const || k.kind == Keyword::Enum) && k.value.empty())
      return in_.fail("a const or enum keyword lacks its value"), false;
    if (k.kind == Keyword::Enum && !holds([](const IValue& v) { return v.type == IValue::Array; }))
      return in_.fail("an enum is not an array"), false;
    switch (k.kind) {
      case Keyword::Minimum: case Keyword::Maximum: case Keyword::ExclusiveMinimum: case Keyword::ExclusiveMaximum:
        if (!holds([](const IValue& v) { return v.is_number(); })) return in_.fail("a limit is not a number"), false;
        break;
      case Keyword::MultipleOf:
        if (!holds([](const IValue& v) { return v.is_number() && v.number() > 0; })) return in_.fail("a divisor is not above 0"), false;
        break;
      default: return true;
    }
    derive_number(k);
    return true;
  }

  ByteReader& in_;
  CompiledSchema::Impl& impl_;
};

}  // namespace

void write_schema(const CompiledSchema& schema, ByteWriter& out) { Writer(*schema.impl(), out).write(); }

bool read_schema(ByteReader& in, const EvaluationOptions& options, CompiledSchema& out) {
  auto impl = text::Shared<CompiledSchema::Impl>::make();
  impl->options = options;
  if (!Reader(in, *impl).read()) return false;
  out = CompiledSchema::from_impl(std::move(impl));
  return true;
}

}  // namespace rc::schema
