// Compiling a schema: index every document (base URIs, $id, anchors), then
// build one Node per reachable subschema (its keywords: keywords.cpp) with
// `$ref`s resolved to Node pointers. Work is driven by a queue (no recursion over `$ref` chains);
// indexing recursion is bounded by Limits::maxSchemaDepth.
#include <cmath>
#include <unordered_set>

#include "schema/builder.hpp"
#include "json/document.hpp"
#include "schema/internal.hpp"
#include "schema/metaschemas.hpp"
#include "schema/uri.hpp"
#include "text/heap_sort.hpp"

// Compile-time code: optimised for size in the WASM build (clang); the hot
// validation path keeps -O3.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

namespace rc::schema {

namespace {

constexpr const char* kRootUri = "rc:///schema.json";
constexpr const char* kVocabPrefix = "https://json-schema.org/draft/2020-12/vocab/";

class Compiler final : public Builder {
 public:
  Compiler(CompiledSchema::Impl& impl, const CompileOptions& options, std::string& error)
      : impl_(impl), opt_(options), error_(error) {
    for (const auto& [uri, doc] : opt_.remotes) {
      std::string d, f;
      split_fragment(uri, d, f);
      remotes_[d] = &doc;
    }
  }

  bool run(const json& schema) {
    impl_.documents->push_back(schema);
    const json& root = impl_.documents->back();
    if (!root.is_object() && !root.is_boolean()) return fail("a schema must be an object or a boolean");
    if (!load_document(root, kRootUri, opt_.defaultDialect)) return false;
    impl_.root = node_for(&root);
    if (!impl_.root) return false;
    // Nodes for every $dynamicAnchor: $dynamicRef may land on any of them.
    while (true) {
      drain();
      if (!error_.empty()) return false;
      bool added = false;
      for (auto& res : impl_.resources) {
        for (const auto& [name, target] : res.dynamicAnchors) {
          if (!impl_.compiled.count(target)) {
            if (!node_for(target)) return false;
            added = true;
          }
        }
      }
      if (!added) break;
    }
    if (!error_.empty() || !no_inplace_cycle()) return false;
    for (auto& res : impl_.resources) {
      for (const auto& [name, target] : res.dynamicAnchors)
        if (const auto it = impl_.compiled.find(target); it != impl_.compiled.end()) res.dynamicAnchorNodes.emplace_back(name, it->second);
      // Names are unique (they come from a map): sorted, they are searched by halving.
      text::heap_sort(res.dynamicAnchorNodes.data(), res.dynamicAnchorNodes.size());
    }
    return true;
  }

 private:
  // A cycle through in-place applicators ($ref, allOf, not, if, ...) would
  // evaluate the same instance location forever: refuse it at compile time.
  // Iterative DFS (white/grey/black), so a long $ref chain costs no stack.
  bool no_inplace_cycle() {
    const std::size_t n = impl_.nodes.size();
    std::vector<std::uint8_t> color(n, 0);
    std::vector<std::vector<const Node*>> edges(n);
    for (const auto& node : impl_.nodes) {
      auto& e = edges[node.id];
      for (const auto& k : node.keywords) {
        switch (k.kind) {
          case Keyword::Ref: case Keyword::DynamicRef: case Keyword::Not: e.push_back(k.sub); break;
          case Keyword::AllOf: case Keyword::AnyOf: case Keyword::OneOf: e.insert(e.end(), k.subs.begin(), k.subs.end()); break;
          case Keyword::IfThenElse:
            e.push_back(k.sub);
            if (k.then_) e.push_back(k.then_);
            if (k.else_) e.push_back(k.else_);
            break;
          case Keyword::DependentSchemas:
            for (const auto& [name, sub] : k.named) e.push_back(sub);
            break;
          default: break;
        }
      }
    }
    std::vector<std::pair<std::uint32_t, std::size_t>> stack;
    for (std::uint32_t start = 0; start < n; ++start) {
      if (color[start]) continue;
      stack.push_back({start, 0});
      color[start] = 1;
      while (!stack.empty()) {
        auto& [v, next] = stack.back();
        if (next < edges[v].size()) {
          const std::uint32_t w = edges[v][next++]->id;
          if (color[w] == 1) return fail("$ref cycle: a schema refers back to itself without consuming any of the instance");
          if (color[w] == 0) {
            color[w] = 1;
            stack.push_back({w, 0});
          }
        } else {
          color[v] = 2;
          stack.pop_back();
        }
      }
    }
    return true;
  }

  // --- documents and indexing ------------------------------------------------

  bool dialect_of_document(const json& doc, Dialect fallback, Dialect& d, Vocab& v) {
    d = fallback;
    if (!doc.is_object()) return true;
    const auto it = doc.find("$schema");
    if (it == doc.end()) return true;
    if (!it->is_string()) return fail("$schema must be a string");
    if (dialect_from_uri(str(*it), d)) return true;
    // A custom metaschema: its own dialect, and its $vocabulary.
    std::string docUri, frag;
    split_fragment(str(*it), docUri, frag);
    if (++metaDepth_ > 8) return fail("$schema chain is too long or cyclic");
    const json* meta = find_document(docUri);
    --metaDepth_;
    if (!meta) return fail("unknown $schema \"" + str(*it) + "\" (only draft 2020-12, draft-07 and registered remotes)");
    if (meta == &doc) return fail("$schema refers to itself");
    Vocab ignored;
    if (!dialect_of_document(*meta, Dialect::Draft2020_12, d, ignored)) return false;
    if (const auto voc = meta->find("$vocabulary"); voc != meta->end() && voc->is_object()) {
      v.applicator = v.unevaluated = v.validation = false;
      for (const auto& [uri, required] : voc->items()) {
        if (uri.rfind(kVocabPrefix, 0) == 0) {
          const std::string name = uri.substr(std::string(kVocabPrefix).size());
          if (name == "applicator") v.applicator = true;
          else if (name == "unevaluated") v.unevaluated = true;
          else if (name == "validation") v.validation = true;
          else if (name == "format-assertion") v.formatAssertion = true;
          else if (name == "core" || name == "meta-data" || name == "format-annotation" || name == "content") {
          } else if (is_true(required)) {
            return fail("$schema requires unknown vocabulary " + uri);
          }
        } else if (is_true(required)) {
          return fail("$schema requires unknown vocabulary " + uri);
        }
      }
    }
    return true;
  }

  // The stored document for `uri` (without fragment), loading a registered
  // remote or a built-in metaschema on first use.
  const json* find_document(const std::string& uri) {
    if (const auto it = uris_.find(uri); it != uris_.end()) return it->second;
    const json* source = nullptr;
    json parsed;
    if (const auto it = remotes_.find(uri); it != remotes_.end()) {
      source = it->second;
    } else if (const char* text = builtin_metaschema(uri)) {
      auto r = parse_json(text);
      if (!r.ok) return fail("built-in metaschema " + uri + ": " + r.error), nullptr;
      parsed = std::move(r.value);
      source = &parsed;
    } else {
      return nullptr;
    }
    // A built-in metaschema was parsed just now: moved, not copied.
    if (source == &parsed) impl_.documents->push_back(std::move(parsed));
    else impl_.documents->push_back(*source);
    const json& doc = impl_.documents->back();
    if (!load_document(doc, uri, rootDialect_)) return nullptr;
    return &doc;
  }

  bool load_document(const json& doc, const std::string& uri, Dialect fallback) {
    Dialect d;
    Vocab v;
    if (!dialect_of_document(doc, fallback, d, v)) return false;
    if (&doc == &impl_.documents->front()) rootDialect_ = d;
    Resource* resource = &impl_.resources.push_back(Resource{uri, {}, {}});
    uris_[uri] = &doc;
    return index(doc, uri, resource, d, v, 0);
  }

  bool index(const json& s, const std::string& parentBase, Resource* res, Dialect d, Vocab v, std::size_t depth) {
    if (depth > opt_.limits.maxSchemaDepth)
      return fail("schema nesting is deeper than " + std::to_string(opt_.limits.maxSchemaDepth) + " levels");
    if (info_.count(&s)) return true;
    std::string base = parentBase;
    const bool object = s.is_object();
    const bool draft7Ref = d == Dialect::Draft7 && object && s.contains("$ref");
    if (object && !draft7Ref) {
      if (const auto id = s.find("$id"); id != s.end() && id->is_string()) {
        const std::string& idv = str(*id);
        if (d == Dialect::Draft7 && !idv.empty() && idv[0] == '#') {
          uris_.emplace(base + idv, &s);
        } else {
          std::string doc, frag;
          split_fragment(resolve_uri(parentBase, idv), doc, frag);
          if (d == Dialect::Draft2020_12 && !frag.empty()) return fail("$id must not contain a fragment: " + idv);
          if (const auto sch = s.find("$schema"); sch != s.end() && sch->is_string() && depth > 0) {
            if (!dialect_from_uri(str(*sch), d)) return fail("unsupported $schema in subschema: " + str(*sch));
          }
          if (depth > 0 || doc != res->uri) {
            if (depth == 0) {
              uris_.emplace(doc, &s);  // the root's $id names the same document
              res->uri = doc;
            } else {
              res = &impl_.resources.push_back(Resource{doc, {}, {}});
              uris_.emplace(doc, &s);
            }
          }
          base = doc;
          if (!frag.empty()) uris_.emplace(doc + "#" + frag, &s);
        }
      }
      if (d == Dialect::Draft2020_12) {
        if (const auto a = s.find("$anchor"); a != s.end() && a->is_string()) uris_.emplace(base + "#" + str(*a), &s);
        if (const auto a = s.find("$dynamicAnchor"); a != s.end() && a->is_string()) {
          uris_.emplace(base + "#" + str(*a), &s);
          res->dynamicAnchors.emplace(str(*a), &s);
        }
      }
    }
    info_[&s] = SchemaInfo{base, res, d, v};
    if (!object || draft7Ref) return true;

    auto one = [&](const char* k) {
      if (const auto it = s.find(k); it != s.end()) return index(*it, base, res, d, v, depth + 1);
      return true;
    };
    auto map = [&](const char* k) {
      if (const auto it = s.find(k); it != s.end() && it->is_object())
        for (const auto& [name, sub] : it->items())
          if (!index(sub, base, res, d, v, depth + 1)) return false;
      return true;
    };
    auto list = [&](const char* k) {
      if (const auto it = s.find(k); it != s.end() && it->is_array())
        for (const auto& sub : *it)
          if (!index(sub, base, res, d, v, depth + 1)) return false;
      return true;
    };
    bool ok = one("additionalProperties") && one("propertyNames") && one("contains") && one("if") && one("then") &&
              one("else") && one("not") && map("properties") && map("patternProperties") && list("allOf") &&
              list("anyOf") && list("oneOf");
    if (!ok) return false;
    // `dependencies` (draft-07; kept in 2020-12 for compatibility, as the spec allows).
    if (const auto it = s.find("dependencies"); it != s.end() && it->is_object())
      for (const auto& [name, sub] : it->items())
        if (!sub.is_array() && !index(sub, base, res, d, v, depth + 1)) return false;
    if (d == Dialect::Draft7) {
      ok = one("additionalItems") && map("definitions") && (s.contains("items") && s.find("items")->is_array() ? list("items") : one("items"));
    } else {
      ok = one("items") && one("unevaluatedItems") && one("unevaluatedProperties") && map("$defs") &&
           map("dependentSchemas") && list("prefixItems") && map("definitions");
    }
    return ok;
  }

  // --- reference resolution --------------------------------------------------

  const json* resolve(const std::string& absolute) {
    std::string docUri, frag;
    split_fragment(absolute, docUri, frag);
    const json* doc = find_document(docUri);
    if (!doc) return nullptr;
    if (frag.empty()) return doc;
    if (frag[0] != '/') {
      const auto it = uris_.find(docUri + "#" + frag);
      return it == uris_.end() ? nullptr : it->second;
    }
    const std::string pointer = percent_decode(frag);
    const json* cur = doc;
    std::size_t pos = 1;
    while (true) {
      const auto next = pointer.find('/', pos);
      std::string token = pointer.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
      std::string unescaped;
      for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
          unescaped += token[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          unescaped += token[i];
        }
      }
      if (cur->is_object()) {
        const auto it = cur->find(unescaped);
        if (it == cur->end()) return nullptr;
        cur = &*it;
      } else if (cur->is_array()) {
        if (unescaped.empty() || unescaped.size() > 9 || unescaped.find_first_not_of("0123456789") != std::string::npos)
          return nullptr;
        std::size_t i = 0;
        for (char ch : unescaped) i = i * 10 + static_cast<std::size_t>(ch - '0');
        if (i >= cur->size()) return nullptr;
        cur = &(*cur)[i];
      } else {
        return nullptr;
      }
      if (next == std::string::npos) break;
      pos = next + 1;
    }
    if (!info_.count(cur)) {
      // A location the index did not visit (inside an unknown keyword):
      // it takes the base of the document it sits in.
      const auto di = info_.find(doc);
      if (di == info_.end()) return nullptr;
      const SchemaInfo docSchemaInfo = di->second;
      if (!index(*cur, docSchemaInfo.base, docSchemaInfo.res, docSchemaInfo.dialect, docSchemaInfo.vocab, 0)) return nullptr;
    }
    return cur;
  }

  // --- nodes -------------------------------------------------------------------

  Node* node_for(const json* s) {
    if (const auto it = impl_.compiled.find(s); it != impl_.compiled.end()) return it->second;
    if (!info_.count(s)) {
      fail("internal: subschema was not indexed");
      return nullptr;
    }
    Node* n = &impl_.nodes.emplace_back();
    n->id = static_cast<std::uint32_t>(impl_.nodes.size() - 1);
    impl_.compiled[s] = n;
    pending_.push_back({n, s});
    return n;
  }

  void drain() {
    while (!pending_.empty() && error_.empty()) {
      const auto [n, s] = pending_.back();
      pending_.pop_back();
      fill(*n, *s);
    }
  }

  Node* sub(const json& s, const char* keyword) {
    if (!s.is_object() && !s.is_boolean()) {
      fail(std::string("the value of ") + keyword + " must be a schema (object or boolean)");
      return nullptr;
    }
    return node_for(&s);
  }

  Node* ref_target(const SchemaInfo& in, const std::string& ref) {
    const std::string absolute = resolve_uri(in.base, ref);
    const json* target = resolve(absolute);
    if (!target) {
      if (error_.empty()) fail("cannot resolve $ref \"" + ref + "\" (" + absolute + ")");
      return nullptr;
    }
    return sub(*target, "$ref");
  }

  bool fill(Node& n, const json& s) {
    const auto found = info_.find(&s);
    if (found == info_.end()) return fail("internal: subschema was not indexed");
    return build_keywords(*this, n, s, found->second);
  }

  // Builder: what keywords.cpp needs.
  const CompileOptions& options() const override { return opt_; }
  bool fail(std::string e) override {
    if (error_.empty()) error_ = std::move(e);
    return false;
  }
  Node* subschema(const json& s, const char* keyword) override { return sub(s, keyword); }
  Node* reference(const SchemaInfo& in, const std::string& ref) override { return ref_target(in, ref); }
  const json* resolve_uri_to_schema(const std::string& absolute) override { return resolve(absolute); }

  CompiledSchema::Impl& impl_;
  const CompileOptions& opt_;
  std::string& error_;
  Dialect rootDialect_ = Dialect::Draft2020_12;
  int metaDepth_ = 0;
  std::unordered_map<std::string, const json*> remotes_;
  std::unordered_map<std::string, const json*> uris_;  // resource URIs and "uri#anchor"
  std::unordered_map<const json*, SchemaInfo> info_;
  std::vector<std::pair<Node*, const json*>> pending_;
};

}  // namespace

bool compile_into(CompiledSchema::Impl& impl, const json& schema, const CompileOptions& options, std::string& error) {
  Compiler compiler(impl, options, error);
  return compiler.run(schema);
}

}  // namespace rc::schema

#if defined(__clang__)
#pragma clang attribute pop
#endif
