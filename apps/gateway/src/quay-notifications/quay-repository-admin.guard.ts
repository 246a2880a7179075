import { AuthenticatedRequest, notAuthorized, PermissionService } from '@hookyard/auth';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

/**
 * Quay's require_repo_admin: every notification route answers 403 to a caller who does not
 * administer the repository, before the request body is read or anything is looked up.
 */
@Injectable()
export class QuayRepositoryAdminGuard implements CanActivate {
  constructor(private readonly permissions: PermissionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { params: Record<string, string> }>();
    const { namespace, repository } = request.params;
    if (!(await this.permissions.canAdminTarget(request.account!, { namespace, repository }))) {
      throw notAuthorized(`you need admin access to repository ${namespace}/${repository}`);
    }
    return true;
  }
}
