import { describe, expect, it } from 'vitest';
import { classifySentence, maskNames, nameVariants, nlpCalls } from '../../pipeline/scoring/classify.ts';
import { loadLexicon } from '../../pipeline/scoring/lexicon.ts';

const ctx = { issuerNames: ['Glacier Hash Corp.'] };
const label = (text: string, names = ctx) => classifySentence(text, names);

describe('classifySentence', () => {
  it.each([
    ['We mined 1,204 bitcoin during the year.', ['mining'], 'fact'],
    ['Our deployed hashrate reached 12.1 EH/s at December 31, 2024.', ['mining'], 'fact'],
    ['We signed a ten-year lease with an AI cloud provider for 100 MW of critical IT load.', ['ai_hpc'], 'fact'],
    ['We intend to evaluate HPC uses of our Texas site.', ['ai_hpc'], 'plan'],
    ['We earned $8.2 million of demand response credits from the grid operator.', ['grid'], 'fact'],
    ['We offer our dispatchable compute to the grid operator to balance electric demand.', ['grid'], 'fact'],
    ['We have not entered into any lease with an HPC tenant.', ['ai_hpc'], 'negated'],
    ['If we cannot obtain GPUs for our AI cloud, our growth could suffer.', ['ai_hpc'], 'hypothetical'],
    // The month is not "may".
    ['On May 9, 2024, we signed a ten-year HPC colocation lease for 60 MW of critical IT load.', ['ai_hpc'], 'fact'],
    // A present main clause stating what is stays a fact despite a look ahead; a belief in a future does not.
    ['Our Kentucky subsidiary consists of two operational Bitcoin mining sites, with the potential to expand.', ['mining'], 'fact'],
    ['We believe AI cloud services will become our primary source of revenue by 2027.', ['ai_hpc'], 'plan'],
    // A future in a relative clause does not make the main clause a plan.
    ['Our subsidiary operates two Bitcoin mining sites, which will add to our hash rate as new miners arrive.', ['mining'], 'fact'],
    // ... and the same words said of the filer are its mining; so is revenue recognition in the filer's words.
    ['Our block rewards fell after the halving in April.', ['mining'], 'fact'],
    // A target reached is a past achievement; a target ahead is a plan.
    ['We exceeded our hashrate target of 30 EH/s in December.', ['mining'], 'fact'],
    ['We target 50 EH/s of hashrate by the end of 2025.', ['mining'], 'plan'],
    // A non-binding agreement is a plan, however past the verb that signed it; a binding one is a fact.
    ['In January 2025, we entered into a non-binding memorandum of understanding to develop HPC data centers.', ['ai_hpc'], 'plan'],
    ['In January 2025, we entered into a ten-year lease for our HPC data center in Quebec.', ['ai_hpc'], 'fact'],
    // "is expected, upon completion, to have": the participle is the main verb, however compromise tags it.
    ['The Texas facility is expected, upon completion, to have 1.0 GW of developed capacity for Bitcoin mining.', ['mining'], 'plan'],
    ['We operate a Bitcoin mining facility in Texas that is expected to reach 1 GW.', ['mining'], 'fact'],
    // The terms of a signed agreement are facts, their "will" and "may" included.
    ['Under the agreement, the Company will provide the client 5 MW of HPC colocation capacity for five years.', ['ai_hpc'], 'fact'],
    ['Pursuant to the lease, the HPC tenant may extend the term by five years.', ['ai_hpc'], 'fact'],
    ['The HPC tenant may extend the term of its lease if it needs more capacity.', ['ai_hpc'], 'hypothetical'],
    // A "will" of habit is no plan.
    ['When performing unscheduled maintenance, we will typically replace the miner with a substitute miner.', ['mining'], 'fact'],
    ['We will replace our older miners with S21 units in 2026.', ['mining'], 'plan'],
    // A name whose first word compromise takes for a verb ("Block Mining") is the subject, not an imperative.
    ['Block Mining consists of two operational Bitcoin mining sites in Kentucky, with the potential to expand.', ['mining'], 'fact'],
    // A pool named after a chip word ("Foundry") is still the filer's mining pool; so is efficiency per terahash.
    ['The Company participates in the Foundry USA mining pool.', ['mining'], 'fact'],
    ['We measure efficiency by the watts of energy required to produce each terahash of processing power.', ['mining'], 'fact'],
    // "No significant" curtailment denies its size, not the activity.
    ['We did not have significant curtailment of our miners and kept uptime above 90% in the quarter.', ['mining'], 'fact'],
    ['Providing computing power for digital asset transaction verification services is an output of the Company’s ordinary activities.', ['mining'], 'fact'],
    // The verb group decides the tense: a perfect, a present progressive and a present copula report what is;
    // a progressive of a plan verb, a passive "is expected" and an announced future look ahead.
    ['We have signed a ten-year colocation lease with an HPC tenant, under which the tenant will occupy 50 MW.', ['ai_hpc'], 'fact'],
    ['We are developing a 200 MW HPC data center in Texas, which will support AI tenants.', ['ai_hpc'], 'fact'],
    ['Our Sable Creek campus is the largest bitcoin mining facility in the state, and we expect to expand it.', ['mining'], 'fact'],
    ['We are evaluating HPC uses of our Texas site, and a decision will follow next year.', ['ai_hpc'], 'plan'],
    ['The Sable Creek campus is expected to have 1 GW of capacity for bitcoin mining.', ['mining'], 'plan'],
    ['On April 11, 2025, the Company announced that it has secured a site for an HPC data center, which will open in 2026.', ['ai_hpc'], 'fact'],
    ['On April 11, 2025, the Company announced that it will build an HPC data center.', ['ai_hpc'], 'plan'],
    // "Positioned to" looks ahead.
    ['We are uniquely positioned to deliver AI data center capacity to hyperscalers.', ['ai_hpc'], 'plan'],
    // A target without a figure or a date is a habit; a dependency is a fact.
    ['We target sites powered by renewable energy for our HPC data centers.', ['ai_hpc'], 'fact'],
    ['We target 200 MW of HPC capacity.', ['ai_hpc'], 'plan'],
    ['Our HPC lease revenue depends on the usage of the GPU servers.', ['ai_hpc'], 'fact'],
    // Data-center development as a line of business is the AI/HPC business.
    ['The Company is now expanding into data center development.', ['ai_hpc'], 'fact'],
  ])('%s', (text, topics, modality) => {
    const result = label(text);
    expect(result.topics).toEqual(topics);
    expect(result.modality).toBe(modality);
  });

  it.each([
    'We will host a conference call to discuss these results.',
    'The power of attorney is filed as Exhibit 24.',
    'The price of bitcoin rose during the quarter.',
    'We sell our GPUs to hyperscale data center customers.',
    'Competitors have announced AI leases at their sites.',
    'Our website is hosted by a third-party web hosting provider.',
    // Network mechanics with no word tying them to the filer are background.
    'At a predetermined block, the mining reward is cut in half, hence the term halving.',
    'The block subsidy halves about every four years, and network difficulty adjusts every 2,016 blocks.',
    // "Ancillary services" that are operation and maintenance work are not the grid's.
    'The operator will provide power and other ancillary services, such as operation and maintenance, at the facility.',
    // A supplier's products in others' data-center development; credit as finance, not credits for power.
    'Our switchgear products are used as important components in data center development.',
    'The Company intends to draw on its credit facility to pay for power equipment.',
  ])('gives no topic to the trap sentence: %s', (text) => {
    expect(label(text).topics).toEqual([]);
  });

  it('finds core claims, and none in a dual self-description', () => {
    expect(label('Our primary business is Bitcoin mining.').core_claim).toBe('mining');
    expect(label('We are a Bitcoin mining company headquartered in Wyoming.').core_claim).toBe('mining');
    expect(label('We are shifting our primary focus to AI and HPC data centers.').core_claim).toBe('ai_hpc');
    const dual = label('We are a leader in digital infrastructure for high-density colocation and bitcoin mining.');
    expect(dual.topics).toEqual(['mining', 'ai_hpc']);
    expect(dual.core_claim).toBe('none');
  });

  it('reads stated strategy and a shift of the whole footprint as core claims, and not what revenue consists of', () => {
    expect(label('Our business and development strategy is focused on expanding our Bitcoin mining operations.').core_claim).toBe('mining');
    expect(label('We believe we are a leading provider of artificial intelligence infrastructure solutions.').core_claim).toBe('ai_hpc');
    expect(label('We are converting most of our existing facilities to support AI workloads and HPC colocation.').core_claim).toBe('ai_hpc');
    expect(label('We are pausing further mining expansion to focus on scaling our AI infrastructure.').core_claim).toBe('ai_hpc');
    expect(label('We reached 40 EH/s of self-mining capacity, with further expansion paused to prioritize the build-out of our AI cloud.').core_claim).toBe('ai_hpc');
    expect(label('Our AI cloud grew while mining expansion continued at our Texas site.').core_claim).toBe('none');
    // At a company whose filing has established its HPC business, its plain words name that business.
    const hpc = { ...ctx, hpcBusiness: true };
    expect(label('We are in the business of owning, acquiring, developing and operating data centers.', hpc).core_claim).toBe('ai_hpc');
    expect(label('We own and operate data centers in Quebec and North Carolina.', hpc).core_claim).toBe('none');
    expect(label('Our revenue is primarily derived from colocation, the leasing of cabinet space and power to HPC customers.').core_claim).toBe('none');
    expect(label('We transitioned to domestic filer status and more than doubled our AI cloud business.').core_claim).toBe('none');
  });

  it('reads self-descriptions by rank and leadership, and both businesses named by commodity as no single claim', () => {
    expect(label('The Company is firmly positioned as one of the largest and lowest-cost producers of Bitcoin.').core_claim).toBe('mining');
    expect(label('We are a global leader in leveraging digital asset compute across three continents.').core_claim).toBe('mining');
    // The mining business named by its commodity beside AI: both, so neither alone.
    expect(label('The Company is a platform for digital assets and artificial intelligence infrastructure.').core_claim).toBe('none');
    expect(label('The Company is a leading provider of artificial intelligence infrastructure.').core_claim).toBe('ai_hpc');
    // An adjective is no shift of the business.
    const both = label('The Company is at the forefront of two transformative technologies, Bitcoin and AI, operating the infrastructure for both.');
    expect(both.core_claim).toBe('none');
  });

  it('masks the issuer name so "Cipher Mining" is not a topic word', () => {
    const cipher = { issuerNames: ['Cipher Mining Inc.'] };
    expect(label('Cipher Mining Inc. appointed a new Chief Financial Officer.', cipher).topics).toEqual([]);
    expect(nameVariants('Riot Platforms, Inc.')).toEqual(expect.arrayContaining(['Riot Platforms', 'Riot']));
    expect(nameVariants('Core Scientific, Inc.')).not.toContain('Core');
  });

  it('masks other miners as another firm', () => {
    const masked = maskNames('Marathon Digital and Core Scientific signed leases.', ctx, loadLexicon());
    expect(masked).toBe('another firm and another firm signed leases.');
  });

  it('does not call compromise for a sentence without a candidate term', () => {
    const before = nlpCalls.count;
    label('The Board of Directors approved the annual budget on March 3.');
    label('Net loss per share was $0.12 for the quarter.');
    expect(nlpCalls.count).toBe(before);
    // A candidate whose modality hangs on the tense of its main clause is parsed.
    const hosting = 'We signed a hosting agreement under which the tenant will install 20 MW of bitcoin miners.';
    const first = label(hosting);
    expect(nlpCalls.count).toBe(before + 1);
    // The same sentence again (boilerplate repeats) is read from memory, with the same label.
    expect(label(hosting)).toEqual(first);
    expect(nlpCalls.count).toBe(before + 1);
  });

  it('reads the main verb from the opening words, and from the whole head when it stands later', () => {
    // "signed" has more than three words after it among the first twelve: one parse of those twelve.
    let before = nlpCalls.count;
    const early = label('We signed a colocation agreement with a hosting customer under which the customer will install 30 MW of bitcoin miners at our Sable Creek site.');
    expect(early.modality).toBe('fact');
    expect(nlpCalls.count).toBe(before + 1);
    // The first verb ("added") comes after the first twelve words: the opening parse finds none, the head decides.
    before = nlpCalls.count;
    const late = label('The new immersion-cooled buildings and the expansion of our fleet of miners at the Sable Creek site added 4.2 EH/s of hash rate in 2023, and the next miners will be energized next year.');
    expect(late.topics).toEqual(['mining']);
    expect(late.modality).toBe('fact');
    expect(nlpCalls.count).toBe(before + 2);
  });

  it('reports the matched terms', () => {
    expect(label('We signed a lease for 100 MW of critical IT load with an AI tenant.').terms).toContain('critical it load');
  });
});
