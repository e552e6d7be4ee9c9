/**
 * The layering of trailproof, enforced by `npm run lint` (dependency-cruiser).
 *
 *   model, util (neutral: any layer may import them)
 *   model  <-  checks  <-  events  <-  pipeline  <-  runtime / cli / functions
 *   model  <-  collectors (the only place that talks to AWS, with signers, store and recorded)
 *   model  <-  evidence (pure integrity core)  <-  store  <-  seal / verify  <-  report
 *   evidence  <-  timestamp (RFC 3161 tokens: ASN.1, the TSA's HTTP)  <-  seal / verify (loaded on demand)
 *
 * An arrow that is not written here is a lint error, so the layers stay true without anyone watching.
 */
const SDK = '^node_modules/@aws-sdk/';
const lib = (name) => `^lib/${name}/`;

/** [layer, what it may NOT import] */
const forbidden = [
  ['util', ['^lib/(?!util/|errors\\.ts)', SDK], 'lib/util holds small generic helpers any layer may use'],
  ['model', ['^lib/(?!model/|util/|errors\\.ts)', SDK], 'lib/model is the neutral layer: only other model files and lib/errors.ts'],
  ['checks', ['^lib/(?!model/|util/|checks/|errors\\.ts)', SDK], 'checks are pure: they import only the model and check helpers'],
  ['collectors', ['^lib/(?!model/|util/|collectors/|errors\\.ts)'], 'collectors own the AWS reads and depend only on the model'],
  ['events', ['^lib/(evidence|store|seal|verify|pipeline|report|cli|runtime|recorded|signers)/', SDK], 'parsing and routing do no I/O'],
  ['evidence', ['^lib/(?!model/|util/|evidence/|errors\\.ts)', SDK], 'the integrity core is pure: no store, no KMS, no collectors'],
  ['store', ['^lib/(checks|collectors|events|pipeline|report|cli|runtime|recorded|seal|verify)/'], 'stores read and write evidence; they know nothing of checks or verification'],
  ['seal', ['^lib/(checks|collectors|events|pipeline|report|cli|runtime|recorded)/', SDK], 'sealing works on any store through its interface'],
  ['verify', ['^lib/(checks|collectors|events|pipeline|report|cli|runtime|recorded|signers)/', SDK], 'verification is offline: no AWS client'],
  ['timestamp', ['^lib/(?!timestamp/|evidence/|util/|errors\\.ts)', SDK], 'time-stamp tokens know RFC 3161 and the integrity core, nothing of stores, seals or verification'],
  ['report', ['^lib/(checks|collectors|events|pipeline|cli|runtime|recorded|signers)/', SDK], 'reports read records; they never call AWS'],
  ['pipeline', ['^lib/(cli|runtime|report)/'], 'the engine serves the Lambdas and the CLI; it does not know them'],
  ['recorded', ['^lib/(?!model/|util/|collectors/|recorded/|evidence/|errors\\.ts)'], 'recorded responses stand in for AWS clients, nothing more'],
];

module.exports = {
  forbidden: [
    ...forbidden.map(([layer, paths, comment]) => ({
      name: `layer-${layer}`,
      comment,
      severity: 'error',
      from: { path: lib(layer) },
      to: { path: paths },
    })),
    {
      name: 'no-circular',
      comment: 'a cycle means two modules are really one, or a type sits in the wrong layer',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shipped-code-no-dev-deps',
      comment: 'shipped code runs on a production install: it may import only `dependencies`',
      severity: 'error',
      from: { path: '^(lib|functions|bin)/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'lib-not-to-test',
      severity: 'error',
      from: { path: '^(lib|functions|bin|deploy)/' },
      to: { path: '^test/' },
    },
    {
      name: 'functions-are-wiring',
      comment: 'handlers are wiring: they import lib, never each other',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^functions/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // 'aws-lambda' is types only (@types/aws-lambda): there is no module to resolve.
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.tmp|\\.serverless|\\.esbuild|trailproof-demo|coverage|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.mjs', '.js', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
