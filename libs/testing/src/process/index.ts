export { trackChild } from './child-processes';
