import { Receiver, startReceiver } from '../receiver';
import { Stack, StackOptions, startStack } from './stack';

export interface SuiteStack {
  readonly stack: Stack;
  readonly receiver: Receiver;
}

/**
 * The stack and one receiver of a describe block: started before its tests, the receiver's
 * requests forgotten before each test, both stopped after. Read them in the tests, as
 * `suite.stack` and `suite.receiver`: they exist once the block's beforeAll ran.
 */
export function suiteStackWithReceiver(options?: StackOptions): SuiteStack {
  const suite = {} as { stack: Stack; receiver: Receiver };
  beforeAll(async () => {
    suite.stack = await startStack(options);
    suite.receiver = await startReceiver();
  });
  beforeEach(() => suite.receiver.reset());
  afterAll(async () => {
    await suite.receiver?.close();
    await suite.stack?.stop();
  });
  return suite;
}
