// The keywords for an instance of any type: type, const, enum.
#include "schema/evaluate/evaluator.hpp"

namespace rc::schema::detail {
namespace {

// "boolean or string", appended where the message is composed (no string of its own).
void append_type_list(std::string& out, std::uint8_t bits) {
  static constexpr std::string_view names[] = {"null", "boolean", "object", "array", "number", "integer", "string"};
  bool first = true;
  for (int i = 0; i < 7; ++i) {
    if (bits & (1 << i)) {
      if (!first) out += " or ";
      out += names[i];
      first = false;
    }
  }
}

}  // namespace

// check() tests `type` itself, before the table: this entry keeps the table whole.
bool Evaluator::check_type(const Keyword& k, const V& inst, Ann*) {
  return has_type(a_, inst, k.types) || reject_type(k, inst);
}

bool Evaluator::reject_type(const Keyword& k, const V& inst) {
  std::string& m = message_room();
  m.assign("expected ");
  append_type_list(m, k.types);
  m.append(", got ").append(type_name(a_, inst));
  return fail(m);
}

bool Evaluator::check_const(const Keyword& k, const V& inst, Ann*) {
  return a_.equal(inst, k.value.document(), k.value.root()) || reject_value(k);
}

bool Evaluator::check_enum(const Keyword& k, const V& inst, Ann*) {
  const IDocument& values = k.value.document();
  for (const IValue* e = values.begin(k.value.root()); e != values.end(k.value.root()); ++e)
    if (a_.equal(inst, values, *e)) return true;
  return reject_value(k);
}

bool Evaluator::reject_value(const Keyword& k) {
  return fail(compose({k.kind == Keyword::Const ? "must be " : "must be one of ", short_text(k.value)}));
}

}  // namespace rc::schema::detail
