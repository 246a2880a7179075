import { ApiError } from './api-error';
import { IsOptional, IsString } from 'class-validator';
import { createValidationPipe } from './validation.pipe';

class LabelDto {
  @IsString()
  name: string;

  @IsOptional()
  @IsString()
  label?: string;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const body = (value: unknown) => pipe.transform(value, { type: 'body', metatype: LabelDto });

  it('takes a null optional field as not given, so that no service stores the null', async () => {
    const dto = await body({ name: 'n', label: null });
    expect(dto).toBeInstanceOf(LabelDto);
    expect(dto).toEqual({ name: 'n' });
  });

  it('leaves a null to the validators of a field not declared optional, naming it', async () => {
    const refused = await body({ name: null }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ message: 'name must be a string', detail: { fields: ['name'] } });
  });
});
