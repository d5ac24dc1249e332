/** What is read from ffprobe's JSON: the real tool runs in video-pipeline.test.ts; these are the cases clips rarely carry. */
import { describe, expect, it } from 'vitest';
import { readProbe } from '../../src/main/video/probe';

const stream = { codec_type: 'video', width: 1920, height: 1080 };

describe('readProbe', () => {
  it('skips cover art (an attached picture) for the video stream itself', () => {
    const probe = readProbe({ streams: [{ ...stream, width: 600, height: 600, disposition: { attached_pic: 1 } }, stream], format: { duration: '12.5' } });
    expect(probe).toMatchObject({ width: 1920, height: 1080, durationSeconds: 12.5 });
  });

  it.each([
    [{ side_data_list: [{ rotation: 90 }] }, 90, [1080, 1920]],
    [{ side_data_list: [{ rotation: -90 }] }, 270, [1080, 1920]],
    [{ side_data_list: [{ rotation: 180 }] }, 180, [1920, 1080]],
    [{ tags: { rotate: '270' } }, 270, [1080, 1920]],
    [{}, 0, [1920, 1080]],
  ])('turns the size by the rotation %j', (extra, rotation, size) => {
    const probe = readProbe({ streams: [{ ...stream, ...extra }] });
    expect([probe.rotation, probe.width, probe.height]).toEqual([rotation, ...size]);
  });

  it('takes the stream duration when the container has none, and none when neither has', () => {
    expect(readProbe({ streams: [{ ...stream, duration: '3.2' }], format: {} }).durationSeconds).toBe(3.2);
    expect(readProbe({ streams: [{ ...stream, duration: 'N/A' }], format: { duration: 'N/A' } }).durationSeconds).toBeNull();
  });

  it('reads the creation time as UTC, and a zeroed clock (1904 or 1970) as none', () => {
    expect(readProbe({ streams: [stream], format: { tags: { creation_time: '2022-08-14T09:30:00.000000Z' } } }).createdAt).toBe('2022-08-14T09:30:00+00:00');
    expect(readProbe({ streams: [stream], format: { tags: { creation_time: '1904-01-01T00:00:00.000000Z' } } }).createdAt).toBeNull();
    expect(readProbe({ streams: [{ ...stream, tags: { creation_time: '1970-01-01T00:00:00Z' } }] }).createdAt).toBeNull();
  });

  it('refuses a file without a picture', () => {
    expect(() => readProbe({ streams: [{ codec_type: 'audio' }] })).toThrow('no video stream with a picture size');
  });
});
