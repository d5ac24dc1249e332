import { declareIsolationCheck } from './spec-isolation';

declareIsolationCheck('b');
