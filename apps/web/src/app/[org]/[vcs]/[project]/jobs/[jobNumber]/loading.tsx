export default function JobTabLoading() {
  return (
    <div role="status" aria-label="Loading artifacts" className="animate-pulse space-y-2">
      <div className="h-9 w-72 max-w-full rounded-md bg-zinc-200" />
      <div className="h-[min(65vh,42rem)] rounded-md bg-zinc-100" />
    </div>
  );
}
