// Put after every page's code: one valid and one invalid tool call, the validator and the lint,
// reported to the test on window.result.
window.result = {
  call: await companion.functionHandler({ name: 'get_weather', arguments: '{"city":"Paris"}' }),
  invalid: await companion.functionHandler({ name: 'get_weather', arguments: '{}' }),
  validates: [validator.validate('1').valid, validator.validate('"1"').valid],
  warnings: warnings.length,
};
