const { readSwcOptions } = require('../../tools/build/workspace-paths.cjs');
const { projectConfig } = require('../../jest.preset.cjs');

const swc = readSwcOptions();
const config = projectConfig(__dirname, 'unit');

// Components render in unit tests (react-dom/server, no browser): .tsx is parsed as TSX with React's
// automatic runtime, as Next compiles it.
module.exports = {
  ...config,
  // First match wins: the .tsx rule goes before the preset's catch-all.
  transform: {
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        ...swc,
        swcrc: false,
        jsc: { ...swc.jsc, parser: { ...swc.jsc.parser, tsx: true }, transform: { ...swc.jsc.transform, react: { runtime: 'automatic' } } },
        module: { type: 'commonjs' },
      },
    ],
    ...config.transform,
  },
};
