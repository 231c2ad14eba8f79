// Turning one schema object into its Keyword list, per dialect and
// vocabulary. References and subschemas are resolved through the Builder.
#include <cmath>

#include "schema/builder.hpp"
#include "schema/uri.hpp"

// Compile-time code: optimised for size in the WASM build (clang).
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

namespace rc::schema {

bool build_keywords(Builder& b, Node& n, const json& s, const SchemaInfo& in) {
  n.resource = in.res;
  if (s.is_boolean()) {
    n.isBool = true;
    n.boolValue = is_true(s);
    return true;
  }
  const bool d7 = in.dialect == Dialect::Draft7;
  const Vocab& v = in.vocab;
  auto add = [&](Keyword::Kind kind, const char* name) -> Keyword& {
    n.keywords.push_back(Keyword{});
    Keyword& k = n.keywords.back();
    k.kind = kind;
    k.name = name;
    return k;
  };
  auto find = [&](const char* k) { return s.find(k); };
  const auto end = s.end();

  if (d7) {
    if (const auto it = find("$ref"); it != end) {
      if (!it->is_string()) return b.fail("$ref must be a string");
      Keyword& k = add(Keyword::Ref, "$ref");
      return (k.sub = b.reference(in, str(*it))) != nullptr;
    }
  }

  if (v.validation) {
    if (const auto it = find("type"); it != end) {
      Keyword& k = add(Keyword::Type, "type");
      auto bit = [&](const json& t) -> bool {
        if (!t.is_string()) return b.fail("type must be a string or an array of strings");
        const std::string& name = str(t);
        if (name == "null") k.types |= kNull;
        else if (name == "boolean") k.types |= kBoolean;
        else if (name == "object") k.types |= kObject;
        else if (name == "array") k.types |= kArray;
        else if (name == "number") k.types |= kNumber;
        else if (name == "integer") k.types |= kInteger;
        else if (name == "string") k.types |= kString;
        else return b.fail("unknown type \"" + name + "\"");
        return true;
      };
      if (it->is_array()) {
        for (const auto& t : *it)
          if (!bit(t)) return false;
      } else if (!bit(*it)) {
        return false;
      }
    }
    // A value the evaluator compares with, held as its text and flat document.
    const auto literal = [&](Keyword& k, const json& value) {
      std::string parseError;
      if (k.value.assign(to_json_text(value), kDefaultMaxDepth, parseError)) return true;
      return b.fail(k.name + " is nested too deeply (" + parseError + ")");
    };
    if (const auto it = find("const"); it != end && !literal(add(Keyword::Const, "const"), *it)) return false;
    if (const auto it = find("enum"); it != end) {
      if (!it->is_array()) return b.fail("enum must be an array");
      if (!literal(add(Keyword::Enum, "enum"), *it)) return false;
    }
    const auto number = [&](Keyword& k, const json& value) {
      if (!literal(k, value)) return false;
      derive_number(k);
      return true;
    };
    auto num = [&](const char* name, Keyword::Kind kind) -> bool {
      const auto it = find(name);
      if (it == end) return true;
      if (!it->is_number()) return b.fail(std::string(name) + " must be a number");
      return number(add(kind, name), *it);
    };
    if (!num("minimum", Keyword::Minimum) || !num("maximum", Keyword::Maximum) ||
        !num("exclusiveMinimum", Keyword::ExclusiveMinimum) || !num("exclusiveMaximum", Keyword::ExclusiveMaximum))
      return false;
    if (const auto it = find("multipleOf"); it != end) {
      if (!it->is_number() || number_of(*it) <= 0) return b.fail("multipleOf must be a number above 0");
      if (!number(add(Keyword::MultipleOf, "multipleOf"), *it)) return false;
    }
    auto count = [&](const char* name, Keyword::Kind kind) -> bool {
      const auto it = find(name);
      if (it == end) return true;
      std::size_t c;
      if (!integral_count(*it, c)) return b.fail(std::string(name) + " must be a non-negative integer");
      add(kind, name).count = c;
      return true;
    };
    if (!count("minLength", Keyword::MinLength) || !count("maxLength", Keyword::MaxLength) ||
        !count("minItems", Keyword::MinItems) || !count("maxItems", Keyword::MaxItems) ||
        !count("minProperties", Keyword::MinProperties) || !count("maxProperties", Keyword::MaxProperties))
      return false;
    if (const auto it = find("uniqueItems"); it != end && is_true(*it))
      add(Keyword::UniqueItems, "uniqueItems");
    if (const auto it = find("pattern"); it != end) {
      if (!it->is_string()) return b.fail("pattern must be a string");
      Keyword& k = add(Keyword::Pattern, "pattern");
      k.re = std::make_unique<regex::Regex>();
      std::string e;
      if (!k.re->compile(str(*it), e)) return b.fail(e);
    }
    if (const auto it = find("required"); it != end) {
      if (!it->is_array()) return b.fail("required must be an array of strings");
      Keyword& k = add(Keyword::Required, "required");
      for (const auto& r : *it) {
        if (!r.is_string()) return b.fail("required must be an array of strings");
        k.strings.push_back(str(r));
      }
    }
    auto depRequired = [&](const json& value, Keyword& k) -> bool {
      for (const auto& [name, list] : value.items()) {
        if (!list.is_array()) continue;
        std::vector<std::string> names;
        for (const auto& r : list) {
          if (!r.is_string()) return b.fail(k.name + " lists must hold strings");
          names.push_back(str(r));
        }
        k.deps.emplace_back(name, std::move(names));
      }
      return true;
    };
    if (!d7) {
      if (const auto it = find("dependentRequired"); it != end && it->is_object())
        if (!depRequired(*it, add(Keyword::DependentRequired, "dependentRequired"))) return false;
    }
    // draft-07's `dependencies`, also honoured in 2020-12 schemas (the
    // spec's optional backwards compatibility): tool schemas still use it.
    if (const auto it = find("dependencies"); it != end && it->is_object())
      if (!depRequired(*it, add(Keyword::DependentRequired, "dependencies"))) return false;
  }

  if (const auto it = find("format");
      it != end && it->is_string() && (b.options().formats == FormatMode::Assert || v.formatAssertion)) {
    const FormatKind f = format_kind(str(*it));
    if (f != FormatKind::Unknown) add(Keyword::Format, "format").format = f;
  }

  if (v.applicator) {
    // properties + patternProperties + additionalProperties share one pass.
    const auto props = find("properties");
    const auto pats = find("patternProperties");
    const auto addl = find("additionalProperties");
    if (props != end || pats != end || addl != end) {
      Keyword& k = add(Keyword::Properties, "properties");
      if (props != end) {
        if (!props->is_object()) return b.fail("properties must be an object");
        for (const auto& [name, sch] : props->items()) {
          Node* c = b.subschema(sch, "properties");
          if (!c) return false;
          k.named.emplace_back(name, c);
        }
      }
      if (pats != end) {
        if (!pats->is_object()) return b.fail("patternProperties must be an object");
        for (const auto& [pattern, sch] : pats->items()) {
          auto p = std::make_unique<PatternNode>();
          p->source = pattern;
          std::string e;
          if (!p->re.compile(pattern, e)) return b.fail(e);
          if (!(p->node = b.subschema(sch, "patternProperties"))) return false;
          k.patterns.push_back(std::move(p));
        }
      }
      if (addl != end && !(k.additional = b.subschema(*addl, "additionalProperties"))) return false;
    }
    if (const auto it = find("propertyNames"); it != end)
      if (!(add(Keyword::PropertyNames, "propertyNames").sub = b.subschema(*it, "propertyNames"))) return false;
    auto depSchemas = [&](const json& value, Keyword& k) -> bool {
      for (const auto& [name, sch] : value.items()) {
        if (sch.is_array()) continue;
        Node* c = b.subschema(sch, k.name.c_str());
        if (!c) return false;
        k.named.emplace_back(name, c);
      }
      return true;
    };
    if (!d7) {
      if (const auto it = find("dependentSchemas"); it != end && it->is_object())
        if (!depSchemas(*it, add(Keyword::DependentSchemas, "dependentSchemas"))) return false;
    }
    if (const auto it = find("dependencies"); it != end && it->is_object())
      if (!depSchemas(*it, add(Keyword::DependentSchemas, "dependencies"))) return false;
    // Arrays: the prefix form and the schema for the rest.
    const auto items = find("items");
    const auto prefix = d7 ? (items != end && items->is_array() ? items : end) : find("prefixItems");
    const auto rest = d7 ? (items != end && items->is_array() ? find("additionalItems") : items) : items;
    if (prefix != end || rest != end) {
      Keyword& k = add(Keyword::Items, "items");
      if (prefix != end) {
        if (!prefix->is_array()) return b.fail("prefixItems must be an array");
        k.prefixName = d7 ? "items" : "prefixItems";
        for (const auto& sch : *prefix) {
          Node* c = b.subschema(sch, k.prefixName.c_str());
          if (!c) return false;
          k.subs.push_back(c);
        }
      }
      if (rest != end) {
        k.additionalName = d7 && prefix != end ? "additionalItems" : "items";
        if (!d7 && rest->is_array()) return b.fail("items must be a schema in draft 2020-12 (use prefixItems)");
        if (!(k.additional = b.subschema(*rest, k.additionalName.c_str()))) return false;
      }
    }
    if (const auto it = find("contains"); it != end) {
      Keyword& k = add(Keyword::Contains, "contains");
      if (!(k.sub = b.subschema(*it, "contains"))) return false;
      if (!d7) {
        if (const auto m = find("minContains"); m != end) {
          if (!integral_count(*m, k.minContains)) return b.fail("minContains must be a non-negative integer");
          k.hasMin = true;
        }
        if (const auto m = find("maxContains"); m != end) {
          if (!integral_count(*m, k.maxContains)) return b.fail("maxContains must be a non-negative integer");
          k.hasMax = true;
        }
      }
    }
    auto many = [&](const char* name, Keyword::Kind kind) -> bool {
      const auto it = find(name);
      if (it == end) return true;
      if (!it->is_array() || it->empty()) return b.fail(std::string(name) + " must be a non-empty array of schemas");
      Keyword& k = add(kind, name);
      for (const auto& sch : *it) {
        Node* c = b.subschema(sch, name);
        if (!c) return false;
        k.subs.push_back(c);
      }
      return true;
    };
    if (!many("allOf", Keyword::AllOf) || !many("anyOf", Keyword::AnyOf) || !many("oneOf", Keyword::OneOf))
      return false;
    if (const auto it = find("not"); it != end)
      if (!(add(Keyword::Not, "not").sub = b.subschema(*it, "not"))) return false;
    if (const auto it = find("if"); it != end) {
      const auto th = find("then");
      const auto el = find("else");
      Keyword& k = add(Keyword::IfThenElse, "if");
      if (!(k.sub = b.subschema(*it, "if"))) return false;
      if (th != end && !(k.then_ = b.subschema(*th, "then"))) return false;
      if (el != end && !(k.else_ = b.subschema(*el, "else"))) return false;
    }
  }

  if (!d7) {
    if (const auto it = find("$ref"); it != end) {
      if (!it->is_string()) return b.fail("$ref must be a string");
      Keyword& k = add(Keyword::Ref, "$ref");
      if (!(k.sub = b.reference(in, str(*it)))) return false;
    }
    if (const auto it = find("$dynamicRef"); it != end) {
      if (!it->is_string()) return b.fail("$dynamicRef must be a string");
      Keyword& k = add(Keyword::DynamicRef, "$dynamicRef");
      if (!(k.sub = b.reference(in, str(*it)))) return false;
      // Dynamic only when the initial target bookends with a matching
      // $dynamicAnchor; otherwise it behaves as $ref.
      std::string doc, frag;
      split_fragment(str(*it), doc, frag);
      const json* target = b.resolve_uri_to_schema(resolve_uri(in.base, str(*it)));
      if (!frag.empty() && frag[0] != '/' && target && target->is_object()) {
        const auto a = target->find("$dynamicAnchor");
        if (a != target->end() && a->is_string() && str(*a) == frag) k.dynamicAnchor = frag;
      }
    }
    if (v.unevaluated) {
      if (const auto it = find("unevaluatedItems"); it != end) {
        if (!(add(Keyword::UnevaluatedItems, "unevaluatedItems").sub = b.subschema(*it, "unevaluatedItems"))) return false;
        n.hasUnevaluated = true;
      }
      if (const auto it = find("unevaluatedProperties"); it != end) {
        if (!(add(Keyword::UnevaluatedProperties, "unevaluatedProperties").sub = b.subschema(*it, "unevaluatedProperties")))
          return false;
        n.hasUnevaluated = true;
      }
    }
  }
  n.leaf = !n.hasUnevaluated;
  for (const auto& k : n.keywords) {
    switch (k.kind) {
      case Keyword::Type: case Keyword::Enum: case Keyword::Const: case Keyword::MultipleOf: case Keyword::Maximum:
      case Keyword::ExclusiveMaximum: case Keyword::Minimum: case Keyword::ExclusiveMinimum: case Keyword::MaxLength:
      case Keyword::MinLength: case Keyword::Pattern: case Keyword::Format: case Keyword::MaxItems:
      case Keyword::MinItems: case Keyword::UniqueItems: case Keyword::MaxProperties: case Keyword::MinProperties:
      case Keyword::Required: case Keyword::DependentRequired:
        break;
      default:
        n.leaf = false;
    }
  }
  return true;
}

}  // namespace rc::schema

#if defined(__clang__)
#pragma clang attribute pop
#endif
