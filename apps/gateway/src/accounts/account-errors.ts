import { ApiError } from '@hookyard/http';

export const noSuchAccount = (name: string) =>
  new ApiError(404, 'NO_SUCH_ACCOUNT', `account ${name} does not exist`, { name });

export const noSuchTeam = (org: string, name: string) =>
  new ApiError(404, 'NO_SUCH_TEAM', `team ${name} does not exist in ${org}`, { org, name });
