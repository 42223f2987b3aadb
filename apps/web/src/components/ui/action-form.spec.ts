import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ActionForm, type ActionFormProps } from './action-form';

type State = { status: 'idle' } | { status: 'error'; message: string; name: string } | { status: 'done' };

// Server-rendered markup (React adds a form-replay <script> after it): enough to check the structure
// every form built on ActionForm shares, which the Playwright tests find by role and name.
function render(props: Partial<ActionFormProps<State>> & { initialState: State }): string {
  return renderToStaticMarkup(
    createElement(ActionForm<State>, {
      action: async (previous) => previous,
      submitLabel: 'Create thing',
      pendingLabel: 'Creating…',
      fields: ({ state, noticeId }) =>
        createElement('input', { name: 'name', defaultValue: state.status === 'error' ? state.name : '', 'aria-describedby': noticeId }),
      ...props,
    }),
  ).replace(/<script>.*<\/script>$/, '');
}

const attribute = (html: string, element: RegExp, name: string) => new RegExp(`${element.source}[^>]*\\b${name}="([^"]*)"`).exec(html)?.[1];

describe('ActionForm', () => {
  it('is a region named by its heading, with the fields, the submit button, then an empty live region', () => {
    const html = render({ initialState: { status: 'idle' }, heading: 'Create a thing' });
    const headingId = attribute(html, /<h2/, 'id');
    expect(headingId).toBeTruthy();
    expect(attribute(html, /^<section/, 'aria-labelledby')).toBe(headingId);
    expect(html).toMatch(/<h2[^>]*>Create a thing<\/h2><form[^>]*><input[^>]*name="name"[^>]*\/><button type="submit"[^>]*>Create thing<\/button><\/form>/);
    expect(html).toMatch(/<div aria-live="polite"[^>]*><\/div><\/section>$/);
  });

  it('without a heading is a plain card, not a region', () => {
    const html = render({ initialState: { status: 'idle' } });
    expect(html).toMatch(/^<div class="rounded-md[^>]*><form/);
    expect(html).not.toContain('<section');
    expect(html).not.toContain('<h2');
  });

  it('shows an error state’s message as an alert in the live region the fields point at', () => {
    const html = render({ initialState: { status: 'error', message: 'That name is taken.', name: 'taken' } });
    const noticeId = attribute(html, /<div aria-live="polite"/, 'id');
    expect(noticeId).toBeTruthy();
    expect(attribute(html, /<input/, 'aria-describedby')).toBe(noticeId);
    expect(attribute(html, /<input/, 'value')).toBe('taken');
    expect(html).toMatch(/<div aria-live="polite"[^>]*><div role="alert"[^>]*>(<div>)?That name is taken\.(<\/div>)?<\/div><\/div>/);
  });

  it('shows what the caller renders for a success, and no alert', () => {
    const html = render({ initialState: { status: 'done' }, outcome: (state) => (state.status === 'done' ? 'All done.' : null) });
    expect(html).toMatch(/<div aria-live="polite"[^>]*>All done\.<\/div>/);
    expect(html).not.toContain('role="alert"');
  });

  it('puts the help between the form and the live region, under the id the fields are given', () => {
    const html = render({
      initialState: { status: 'idle' },
      help: 'Letters and digits.',
      fields: ({ helpId }) => createElement('input', { name: 'name', 'aria-describedby': helpId }),
    });
    const helpId = attribute(html, /<input/, 'aria-describedby');
    expect(html).toMatch(new RegExp(`</form><p id="${helpId}"[^>]*>Letters and digits\\.</p><div aria-live`));
  });
});
