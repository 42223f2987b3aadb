// Tailwind v4 runs as a PostCSS plugin; its theme and sources are declared in src/app/globals.css.
export default {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};
