import { sampleArea, sampleOwner } from '../../bench/support/perf-split';

// Frames as `perf script -F pid,ip,sym,dso` prints them, leaf first.
const frame = (sym: string, dso = '/usr/bin/node') => `\t    7f5e04616222 ${sym} (${dso})`;
const loop = [frame('uv__io_poll'), frame('uv_run'), frame('node::Start')];

describe('sampleArea (bench:dial BENCH_PERF)', () => {
  it('names the package of the innermost JavaScript frame', () => {
    expect(
      sampleArea([
        frame('Builtins_LoadIC'),
        frame(
          'JS:*fetchBatch /work/main/node_modules/mongodb/lib/cursor/abstract_cursor.js:588:21',
          '/tmp/perf-1.map',
        ),
        frame('JS:^placeOnce /work/main/src/processors/dial.processor.ts:2:5444', '/tmp/perf-1.map'),
        ...loop,
      ]),
    ).toBe('mongodb');
    expect(
      sampleArea([
        frame('JS:*Model.find /work/main/node_modules/@scope/pkg/lib/a.js:1:1', '/tmp/perf-1.map'),
      ]),
    ).toBe('@scope/pkg');
    expect(sampleArea([frame('JS:^placeOnce /work/main/src/processors/dial.processor.ts:2:5444', 'x')])).toBe(
      'src/processors/dial.processor.ts',
    );
    expect(sampleArea([frame('JS:*emit node:events:471:44', '/tmp/perf-1.map'), ...loop])).toBe(
      'node internals',
    );
  });

  it('counts V8 compiling and collecting garbage whatever JavaScript is below, and the kernel by its leaf', () => {
    const js = frame('JS:^next /work/main/node_modules/router/index.js:189:17', '/tmp/perf-1.map');
    expect(
      sampleArea([
        frame('v8::internal::compiler::GraphReducer::ReduceTop'),
        frame('v8::internal::OptimizingCompileDispatcher::CompileNext'),
      ]),
    ).toBe('(V8 compiling)');
    expect(sampleArea([frame('v8::internal::Scavenger::ScavengePage'), js])).toBe('(garbage collector)');
    expect(sampleArea([frame('pvm_irq_enable', '[kernel.kallsyms]'), js])).toBe('(kernel)');
    expect(sampleArea(loop)).toBe('(native, no JavaScript on the stack)');
  });
});

describe('sampleOwner (bench:dial BENCH_PERF)', () => {
  const mongo = frame(
    'JS:*write /work/main/node_modules/mongodb/lib/cmap/connection.js:290:14',
    '/tmp/perf-1.map',
  );
  const ours = frame('JS:^placeOnce /work/main/src/processors/dial.processor.ts:2:5444', '/tmp/perf-1.map');

  it('charges the kernel, native code and node internals to the innermost package or file of ours above them', () => {
    const write = [
      frame('JS:*writeGeneric node:internal/stream_base_commons:147:22', '/tmp/perf-1.map'),
      mongo,
      ours,
    ];
    expect(sampleOwner([frame('tcp_sendmsg', '[kernel.kallsyms]'), frame('uv_try_write'), ...write])).toBe(
      'mongodb',
    );
    expect(sampleOwner([frame('node::StreamBase::WriteBuffer'), ...write])).toBe('mongodb');
    expect(sampleOwner([frame('JS:*emit node:events:471:44', '/tmp/perf-1.map'), ours, ...loop])).toBe(
      'src/processors/dial.processor.ts',
    );
  });

  it('keeps V8 compiling and collecting garbage apart, and falls back to the area with nothing of a package above', () => {
    expect(sampleOwner([frame('v8::internal::Scavenger::ScavengePage'), mongo])).toBe('(garbage collector)');
    expect(sampleOwner([frame('JS:*emit node:events:471:44', '/tmp/perf-1.map'), ...loop])).toBe(
      'node internals',
    );
    expect(sampleOwner([frame('pvm_irq_enable', '[kernel.kallsyms]'), ...loop])).toBe('(kernel)');
  });
});
