import { InitialSchema1795425889926 } from './1795425889926-initial-schema';
import { DeliveryLog1795430979298 } from './1795430979298-delivery-log';

/** Every migration, in order; listed explicitly so they run the same from source and from a build. */
export const MIGRATIONS = [InitialSchema1795425889926, DeliveryLog1795430979298];
