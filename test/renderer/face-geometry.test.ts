import { describe, expect, it } from 'vitest';
import { boxPercentStyle, fitSize, squareCropStyle } from '../../src/renderer/src/screens/viewer/faceGeometry';

describe('face geometry', () => {
  it('places a box in percent of its image', () => {
    expect(boxPercentStyle({ x: 50, y: 25, width: 100, height: 50 }, { width: 200, height: 100 })).toEqual({
      left: '25%',
      top: '25%',
      width: '50%',
      height: '50%',
    });
  });

  it('fits an image into a frame keeping its aspect ratio', () => {
    expect(fitSize({ width: 400, height: 200 }, { width: 800, height: 800 })).toEqual({ width: 800, height: 400 });
    expect(fitSize({ width: 200, height: 400 }, { width: 800, height: 800 })).toEqual({ width: 400, height: 800 });
    expect(fitSize({ width: 200, height: 400 }, { width: 0, height: 800 })).toEqual({ width: 0, height: 0 });
  });

  it('crops a square around a face with the face centred', () => {
    // Face 100 px wide centred at (300, 200): crop side 150 px shown at 60 px, scale 0.4.
    const style = squareCropStyle({ x: 250, y: 150, width: 100, height: 100 }, { width: 1000, height: 800 }, 60);
    expect(style.width).toBeCloseTo(400);
    expect(style.height).toBeCloseTo(320);
    // The face centre lands in the middle of the 60 px square.
    expect(300 * 0.4 + (style.left as number)).toBeCloseTo(30);
    expect(200 * 0.4 + (style.top as number)).toBeCloseTo(30);
  });
});
