import { declareIsolationCheck } from './spec-isolation';

declareIsolationCheck('a');
