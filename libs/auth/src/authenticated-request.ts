import type { Account } from '@hookyard/persistence';
import type { Request } from 'express';

export interface AuthenticatedRequest extends Request {
  account?: Account;
}
