import { applyJsonTemplate, JsonTemplateError, parseJsonTemplate } from './json-template';

/** Quay's util/test/test_jsontemplate.py, case by case. */
describe('JSON templates', () => {
  it.each([
    ['{}', {}, {}],
    ['{"hello": "world"}', {}, { hello: 'world' }],
    ['{"hello": "${thing}"}', { thing: 1234 }, { hello: 1234 }],
    ['{"hello": "cool-${thing}"}', { thing: 'beans' }, { hello: 'cool-beans' }],
    ['{"hello": "${first.second.third}"}', { first: { second: { third: 42 } } }, { hello: 42 }],
    [
      '{"hello": "${first.second.third} is the answer"}',
      { first: { second: { third: 42 } } },
      { hello: '42 is the answer' },
    ],
    ['{"hello": "${first.doesnotexist.third}"}', { first: { second: { third: 42 } } }, { hello: null }],
    ['{"hello": "${first[2]}"}', { first: [1, 2, 42] }, { hello: 42 }],
    ['{"hello": "${first[2]}"}', { first: [1, 2] }, { hello: null }],
    ['{"hello": ["${first[1]}", "${first[0]}"]}', { first: [1, 2] }, { hello: [2, 1] }],
    ['{"hello": "hey-${first[2]}"}', { first: [1, 2] }, { hello: 'hey-(none)' }],
    ['{"hello": "${tags[*]}"}', { tags: ['latest', 'prod', 'foo'] }, { hello: ['latest', 'prod', 'foo'] }],
    [
      '{"hello": "tags: ${tags[*]}"}',
      { tags: ['latest', 'prod', 'foo'] },
      { hello: 'tags: latest,prod,foo' },
    ],
    ['{"${name}": "$.name"}', { name: 'api' }, { api: '$.name' }],
  ])('applies %s', (template, data, expected) => {
    expect(applyJsonTemplate(parseJsonTemplate(template), data)).toEqual(expected);
  });

  it.each([
    ['{"hello": "}', /^Could not parse template: /],
    ['{"hello": "${}"}', /^Empty expression found$/],
    ['{"hello": "${;;}"}', /^For expression `;;`: /],
    ['{"hello": "${first[}"}', /^For expression `first\[`: /],
  ])('refuses %s', (template, message) => {
    expect(() => parseJsonTemplate(template)).toThrow(JsonTemplateError);
    expect(() => parseJsonTemplate(template)).toThrow(message);
  });
});
