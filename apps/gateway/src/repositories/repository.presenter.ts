import { REPOSITORY_VISIBILITIES } from '@hookyard/events';
import { ApiProperty } from '@nestjs/swagger';

/** DTR 2.6's `responses.Repository` (dtrRepository in libs/events builds it). */
export class RepositoryResponse {
  @ApiProperty() id: string;
  @ApiProperty() namespace: string;
  @ApiProperty({ enum: ['user', 'organization'] }) namespaceType: string;
  @ApiProperty() name: string;
  @ApiProperty() shortDescription: string;
  @ApiProperty() longDescription: string;
  @ApiProperty({ enum: REPOSITORY_VISIBILITIES }) visibility: string;
  @ApiProperty() scanOnPush: boolean;
  @ApiProperty() immutableTags: boolean;
  @ApiProperty() enableManifestLists: boolean;
  @ApiProperty({ description: 'manifest pulls recorded in the activity stream' }) pulls: number;
  @ApiProperty({ description: 'tag pushes recorded in the activity stream' }) pushes: number;
  @ApiProperty() tagLimit: number;
}

/** DTR's `responses.Repositories`. */
export class RepositoriesResponse {
  @ApiProperty({ type: RepositoryResponse, isArray: true }) repositories: RepositoryResponse[];
}
