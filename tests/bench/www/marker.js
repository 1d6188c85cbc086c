// marker.js: the benchmark's frame marker, drawn into a canvas and read back from a <video>.
// Same format as cabine_call_pipeline_stamp_marker() (media/cabine-call-pipeline.h): a strip along
// the bottom, 1/30 of the frame's height, of 48 equal blocks; block i < 24 is white when bit 23 − i
// of the value is set, block 24 + i is its inverse. The value is Date.now() modulo 2^24.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
(() => {
  const BITS = 24;
  const MOD = 1 << BITS;

  function draw(ctx, w, h, value) {
    const y0 = h - Math.floor(h / 30);
    for (let i = 0; i < 2 * BITS; i++) {
      let bit = (value >> (BITS - 1 - (i % BITS))) & 1;
      if (i >= BITS)
        bit ^= 1;
      const x0 = Math.floor(i * w / (2 * BITS));
      const x1 = Math.floor((i + 1) * w / (2 * BITS));
      ctx.fillStyle = bit ? '#ebebeb' : '#101010';
      ctx.fillRect(x0, y0, x1 - x0, h - y0);
    }
  }

  // A 1280×720@30 canvas stream: a moving disc on a dark background and the marker.
  function canvasStream({ width = 1280, height = 720, fps = 30 } = {}) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    let n = 0;
    const paint = () => {
      ctx.fillStyle = '#202830';
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#e0a040';
      ctx.beginPath();
      ctx.arc(width / 2 + Math.cos(n / 20) * width / 3, height / 2 + Math.sin(n / 15) * height / 4,
              60, 0, 2 * Math.PI);
      ctx.fill();
      n++;
      draw(ctx, width, height, Date.now() % MOD);
    };
    paint();
    const timer = setInterval(paint, 1000 / fps);
    const stream = canvas.captureStream(fps);
    stream.getVideoTracks()[0].addEventListener('ended', () => clearInterval(timer));
    return stream;
  }

  // Reads the marker of every frame presented by `video` (requestVideoFrameCallback), keeping
  // {at: Date.now(), latencyMs, afterReceiveMs} until stop(); afterReceiveMs is the receiver's own
  // share: from the frame's last RTP packet (the callback's metadata.receiveTime, WebRTC sources
  // only) to this callback, null where the browser gives no receiveTime.
  function reader(video) {
    const W = 480, H = 8;
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const samples = [];
    let frames = 0, running = true;
    const onFrame = (presented, metadata) => {
      if (!running)
        return;
      const now = Date.now();
      const afterReceiveMs = metadata && metadata.receiveTime > 0 ? performance.now() - metadata.receiveTime : null;
      const vw = video.videoWidth, vh = video.videoHeight;
      if (vw > 0 && vh > 0) {
        frames++;
        const strip = Math.floor(vh / 30);
        ctx.drawImage(video, 0, vh - strip, vw, strip, 0, 0, W, H);
        const px = ctx.getImageData(0, 0, W, H).data;
        let value = 0, ok = true;
        for (let i = 0; i < 2 * BITS && ok; i++) {
          const x = Math.floor((i + 0.5) * W / (2 * BITS));
          const o = (Math.floor(H / 2) * W + x) * 4;
          const bit = px[o] + px[o + 1] + px[o + 2] >= 3 * 128 ? 1 : 0;
          if (i < BITS)
            value = value * 2 + bit;
          else
            ok = bit === 1 - ((value >> (BITS - 1 - (i - BITS))) & 1);
        }
        if (ok)
          samples.push({ at: now, latencyMs: ((now % MOD) - value + MOD) % MOD, afterReceiveMs });
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    return {
      stop() { running = false; return { frames, samples }; },
    };
  }

  window.benchMarker = { draw, canvasStream, reader, MOD };
})();
