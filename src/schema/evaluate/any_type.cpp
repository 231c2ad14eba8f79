// The keywords for an instance of any type: type, const, enum.
#include "schema/evaluate/evaluator.hpp"

namespace rc::schema::detail {
namespace {

std::string type_list(std::uint8_t bits) {
  static const char* names[] = {"null", "boolean", "object", "array", "number", "integer", "string"};
  std::string out;
  for (int i = 0; i < 7; ++i) {
    if (bits & (1 << i)) {
      if (!out.empty()) out += " or ";
      out += names[i];
    }
  }
  return out;
}

}  // namespace

// check() tests `type` itself, before the table: this entry keeps the table whole.
bool Evaluator::check_type(const Keyword& k, const V& inst, Ann*) {
  return has_type(a_, inst, k.types) || reject_type(k, inst);
}

bool Evaluator::reject_type(const Keyword& k, const V& inst) {
  return fail(compose({"expected ", type_list(k.types), ", got ", type_name(a_, inst)}));
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
