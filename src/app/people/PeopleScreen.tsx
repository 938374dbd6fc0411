export function PeopleScreen() {
  return (
    <section aria-labelledby="people-heading">
      <h1 id="people-heading">People</h1>
    </section>
  );
}
