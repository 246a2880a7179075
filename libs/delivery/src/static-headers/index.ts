export * from './header-cipher';
export * from './static-headers';
