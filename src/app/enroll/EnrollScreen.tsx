export function EnrollScreen() {
  return (
    <section aria-labelledby="enroll-heading">
      <h1 id="enroll-heading">Enroll</h1>
    </section>
  );
}
