export function CompareScreen() {
  return (
    <section aria-labelledby="compare-heading">
      <h1 id="compare-heading">Compare</h1>
    </section>
  );
}
