import { validateContents } from './contents-schemas';
import { EVENT_TYPES } from './event-types';
import { EXAMPLE_CONTENTS } from './example-contents';

describe('EXAMPLE_CONTENTS', () => {
  it.each(EVENT_TYPES)('has a %s example that validates unchanged', (type) => {
    const example = EXAMPLE_CONTENTS[type];

    // toStrictEqual: a misspelt optional field would be dropped by the whitelist and show here.
    expect(validateContents(type, example)).toStrictEqual({ contents: example, errors: [] });
  });
});
