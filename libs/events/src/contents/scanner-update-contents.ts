// @Type reads the design types that reflect-metadata records.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsString, ValidateNested } from 'class-validator';
import { IsIntegerInRange, IsNonEmptyString, IsTimestamp } from './field-validators';

export class ScannerReplicaUpdate {
  @IsTimestamp()
  db_updated_at: string;

  @IsString()
  version: string;

  @IsNonEmptyString()
  replica_id: string;
}

export class ScannerUpdateCompletedContents {
  @IsNonEmptyString()
  scanner_version: string;

  @IsTimestamp()
  scanner_updated_at: string;

  @IsIntegerInRange(0)
  db_version: number;

  @IsTimestamp()
  db_updated_at: string;

  @IsBoolean()
  success: boolean;

  // A Map, so that class-transformer builds and class-validator checks each replica;
  // validateContents hands it back as a plain object keyed by replica ID. The nested message
  // leaves out $property: it is about one replica, whose key becomes the error's property.
  @IsObject()
  @ValidateNested({ each: true, message: 'must be an object' })
  @Type(() => ScannerReplicaUpdate)
  replicas: Map<string, ScannerReplicaUpdate>;
}
