import { summariseProfiles } from './bench/support/profile-top';
for (const f of process.argv.slice(2)) {
  const s = summariseProfiles([f], 14);
  console.log('==', f.split('/').pop(), 'total', s.totalMs.toFixed(0));
  console.log(' areas:', s.byArea.slice(0, 10).map((a) => `${a.name} ${a.ms.toFixed(0)}`).join(', '));
  console.log(' self:', s.self.slice(0, 14).map((a) => `${a.name} ${a.ms.toFixed(0)}`).join('\n   '));
}
