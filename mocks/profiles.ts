import type { ProfileId } from '../schemas/load.js';
import type { ProfileModule } from './core/define-profile.js';
import { DREADNODE } from './dreadnode/dreadnode.js';
import { FLOLIVE } from './flolive/flolive.js';
import { KIRJASWAPPI } from './kirjaswappi/kirjaswappi.js';
import { ORACLE_COMMERCE } from './oracle-commerce/oracle-commerce.js';
import { VCF } from './vcf/vcf.js';

/** Every profile the mock can mount, by its `--api` id. */
export const PROFILES: Readonly<Record<ProfileId, ProfileModule>> = {
  vcf: VCF,
  'oracle-commerce': ORACLE_COMMERCE,
  dreadnode: DREADNODE,
  flolive: FLOLIVE,
  kirjaswappi: KIRJASWAPPI,
};
