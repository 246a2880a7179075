// @Type's design types are read through reflect-metadata.
import 'reflect-metadata';
import { TransformationType, type ClassConstructor } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import {
  getMetadataStorage,
  ValidationTypes,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/*
 * validateContents's fast path. The class-validator path (plainToInstance, validateSync with
 * whitelist, instanceToPlain) costs tens of microseconds per event, mostly in the libraries'
 * generic machinery: metadata look-ups, error objects built for every field, two copies. This
 * compiles each contents class once, from the same decorators' metadata, into a check that calls
 * the same constraint functions and builds the same plain object in one pass. It only ever
 * answers "valid, and here are the contents": anything else (an invalid field, a value JSON
 * cannot hold, a key class-transformer treats specially) goes to the class-validator path, which
 * then produces the errors, so messages cannot differ. Decorators it does not understand make
 * compiling throw, so the two paths cannot silently diverge.
 */

/** The contents as the class-validator path returns them when valid, or undefined: ask that path. */
export type CompiledContents = (raw: object) => object | undefined;

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/**
 * Constraints whose answer depends only on the value's primitive type, whether it is an array,
 * its content and the decorator's constraints: given the JSON value in place of
 * class-transformer's copy of it (a class instance, a Map), they answer the same.
 */
const VALUE_ONLY_CONSTRAINTS = new Set([
  'equals',
  'isArray',
  'isBoolean',
  'isIn',
  'isIntegerInRange',
  'isIso8601',
  'isNonEmptyString',
  'isObject',
  'isString',
  'isUuid',
  'matches',
]);

interface Check {
  constraints: ValidatorConstraintInterface[];
  metadata: ValidationMetadata;
}

interface Property {
  name: string;
  /** IsOptional's condition: false skips the property's checks. */
  conditions: Array<(object: object, value: unknown) => boolean>;
  checks: Check[];
  /** @ValidateNested with @Type: the class of the value, of each element, or of each Map value. */
  nested?: { schema: Schema; map: boolean };
}

interface Schema {
  name: string;
  properties: Property[];
  byName: Map<string, Property>;
}

/** What the readers below return, in place of a value, when the class-validator path must answer. */
const SLOW = Symbol('slow');

export function compileContents(schema: ClassConstructor<object>, maxStringLength: number): CompiledContents {
  const compiled = compileSchema(schema, new Map());
  return (raw) => {
    const contents = readObject(compiled, raw, maxStringLength);
    return contents === SLOW ? undefined : (contents as object);
  };
}

function compileSchema(
  target: ClassConstructor<object>,
  schemas: Map<ClassConstructor<object>, Schema>,
): Schema {
  const known = schemas.get(target);
  if (known) return known;
  const schema: Schema = { name: target.name, properties: [], byName: new Map() };
  schemas.set(target, schema);
  assertPlainClass(target);
  // The arguments validateSync's executor passes without groups (a schema name changes nothing
  // for class targets).
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', false, false, undefined);
  if (metadatas.length === 0)
    throw notUnderstood(target, '(no property)', 'a class without validation metadata');
  const grouped = getMetadataStorage().groupByPropertyName(metadatas);
  for (const [name, propertyMetadatas] of Object.entries(grouped)) {
    const property = compileProperty(target, name, propertyMetadatas, schemas);
    schema.properties.push(property);
    schema.byName.set(name, property);
  }
  return schema;
}

function compileProperty(
  target: ClassConstructor<object>,
  name: string,
  metadatas: ValidationMetadata[],
  schemas: Map<ClassConstructor<object>, Schema>,
): Property {
  // Instance and output objects are plain: a name Object.prototype has would read through to it.
  if (name in Object.prototype) throw notUnderstood(target, name, 'a property named like an Object member');
  for (const type of [TransformationType.PLAIN_TO_CLASS, TransformationType.CLASS_TO_PLAIN]) {
    if (defaultMetadataStorage.findTransformMetadatas(target, name, type).length > 0) {
      throw notUnderstood(target, name, '@Transform');
    }
  }
  const property: Property = { name, conditions: [], checks: [] };
  let nested = false;
  for (const metadata of metadatas) {
    if (metadata.groups?.length || metadata.always !== undefined || metadata.validateIf) {
      throw notUnderstood(target, name, 'groups, always or validateIf');
    }
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === 'isOptional') {
      property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (
      metadata.type === ValidationTypes.CUSTOM_VALIDATION &&
      VALUE_ONLY_CONSTRAINTS.has(metadata.name ?? '')
    ) {
      const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.length === 0 || constraints.some((constraint) => constraint.async)) {
        throw notUnderstood(target, name, `an async or unregistered ${metadata.name}`);
      }
      property.checks.push({ constraints: constraints.map((constraint) => constraint.instance), metadata });
    } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
      nested = true;
    } else {
      throw notUnderstood(target, name, metadata.name ?? metadata.type);
    }
  }
  const type = defaultMetadataStorage.findTypeMetadata(target, name);
  if (nested !== (type !== undefined))
    throw notUnderstood(target, name, '@ValidateNested without @Type or the reverse');
  if (type) {
    if (type.options?.discriminator || !type.typeFunction) throw notUnderstood(target, name, '@Type options');
    const map = type.reflectedType === Map;
    // class-validator checks each value of a Map, where the JSON object stands in for it here.
    if (map && property.checks.some((check) => check.metadata.each)) {
      throw notUnderstood(target, name, '`each` on a Map');
    }
    const nestedClass = type.typeFunction({
      newObject: {},
      object: {},
      property: name,
    }) as ClassConstructor<object>;
    property.nested = { schema: compileSchema(nestedClass, schemas), map };
  }
  return property;
}

/**
 * class-transformer skips keys its target class's prototype answers and copies what a constructor
 * sets; exposing/excluding changes the keys. None of that is compiled: refuse such classes.
 */
function assertPlainClass(target: ClassConstructor<object>): void {
  for (
    let proto = target.prototype as object;
    proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const members = Object.getOwnPropertyNames(proto).filter((member) => member !== 'constructor');
    if (members.length > 0) throw notUnderstood(target, members[0], 'a prototype member');
  }
  const instance = new target();
  if (Object.keys(instance).length > 0)
    throw notUnderstood(target, Object.keys(instance)[0], 'an initialized field');
  if (
    defaultMetadataStorage.getStrategy(target) !== 'none' ||
    defaultMetadataStorage.getExposedMetadatas(target).length > 0 ||
    defaultMetadataStorage.getExcludedMetadatas(target).length > 0
  ) {
    throw notUnderstood(target, '(class)', '@Expose or @Exclude');
  }
}

function notUnderstood(target: ClassConstructor<object>, property: string, what: string): Error {
  return new Error(`compileContents: ${target.name}.${property} has ${what}, which it does not compile`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * plainToInstance then whitelisting: the raw keys in their order, those without metadata
 * dropped; each value converted as class-transformer converts it, then checked.
 */
function readObject(schema: Schema, raw: unknown, maxStringLength: number): unknown {
  if (!isPlainObject(raw)) return SLOW;
  const contents: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    // Not a property (none is named like an Object member, see compileProperty): whitelisting drops it.
    const property = schema.byName.get(key);
    if (property === undefined) continue;
    const value = property.nested
      ? readNested(property.nested, raw[key], maxStringLength)
      : copyJson(raw[key], maxStringLength);
    if (value === SLOW) return SLOW;
    contents[key] = value;
  }
  for (const property of schema.properties) {
    if (!passes(schema, property, contents)) return SLOW;
  }
  return contents;
}

/** What class-validator's executor decides for one property, when it decides "no error". */
function passes(schema: Schema, property: Property, object: Record<string, unknown>): boolean {
  const value = object[property.name];
  for (const condition of property.conditions) if (!condition(object, value)) return true;
  // Nested validation lets undefined through, not null; a check usually catches both first.
  if (property.nested && (value === null || value === undefined)) return false;
  for (const { constraints, metadata } of property.checks) {
    const args: ValidationArguments = {
      targetName: schema.name,
      property: property.name,
      object,
      value,
      constraints: metadata.constraints,
    };
    for (const constraint of constraints) {
      if (metadata.each && Array.isArray(value)) {
        if (!value.every((item) => constraint.validate(item, args))) return false;
      } else if (!constraint.validate(value, args)) {
        return false;
      }
    }
  }
  return true;
}

/** A @Type value: one instance, an array of them or a Map of them, each read as its class. */
function readNested(
  nested: { schema: Schema; map: boolean },
  value: unknown,
  maxStringLength: number,
): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) return SLOW;
      const item = readObject(nested.schema, value[index], maxStringLength);
      if (item === SLOW) return SLOW;
      items.push(item);
    }
    return items;
  }
  if (!nested.map) return readObject(nested.schema, value, maxStringLength);
  if (!isPlainObject(value)) return SLOW;
  const entries: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // A Map's own members are skipped as keys by class-transformer.
    if (key in Map.prototype) return SLOW;
    const entry = readObject(nested.schema, value[key], maxStringLength);
    if (entry === SLOW) return SLOW;
    entries[key] = entry;
  }
  return entries;
}

/** class-transformer's copy of a value without @Type, for the values JSON holds. */
function copyJson(value: unknown, maxStringLength: number): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > maxStringLength ? SLOW : value;
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object': {
      if (value === null) return value;
      if (Array.isArray(value)) {
        const items: unknown[] = [];
        for (let index = 0; index < value.length; index++) {
          // class-transformer's forEach skips holes, closing them up.
          if (!(index in value)) return SLOW;
          const item = copyJson(value[index], maxStringLength);
          if (item === SLOW) return SLOW;
          items.push(item);
        }
        return items;
      }
      if (!isPlainObject(value)) return SLOW;
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (key in Object.prototype) return SLOW;
        const item = copyJson(value[key], maxStringLength);
        if (item === SLOW) return SLOW;
        copy[key] = item;
      }
      return copy;
    }
    default:
      return SLOW;
  }
}
