/** Every link that answers nothing (unknown, expired, revoked, turned off) looks the same: nothing to tell apart. */
export default function ShareLinkNotFound() {
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">This link does not exist or has expired</h1>
    </div>
  );
}
