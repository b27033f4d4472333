// Browser-side calls go to the sibling micros by path, on the same origin, as on Space.
document.getElementById('greet').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = new FormData(event.target).get('name') || 'world';
  const res = await fetch('/api/greet?name=' + encodeURIComponent(name));
  const body = await res.json();
  document.getElementById('greeting').textContent = body.greeting;
});

fetch('/api/time')
  .then((res) => res.json())
  .then((body) => { document.getElementById('time').textContent = body.time + ' (from ' + body.source + ')'; })
  .catch(() => { document.getElementById('time').textContent = 'unavailable'; });
