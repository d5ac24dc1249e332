// Share package viewer: reads window.FACET_MANIFEST (set by manifest.js) and shows the photos.
// Runs from file:// with no server and no network; builds the page with DOM calls only (no
// innerHTML), so names from the manifest are always shown as text.
(function () {
  'use strict';
  var manifest = window.FACET_MANIFEST;
  var grid = document.getElementById('grid');
  if (!manifest || !Array.isArray(manifest.photos)) {
    grid.textContent = 'manifest.js is missing or damaged: the photos cannot be listed.';
    return;
  }
  var photos = manifest.photos;
  var shown = photos;
  var current = -1;
  var $ = function (id) { return document.getElementById(id); };

  document.title = manifest.event.name;
  $('title').textContent = manifest.event.name;

  function dateText(iso) {
    return iso ? iso.slice(0, 10) : '';
  }

  function summary() {
    var span = [dateText(manifest.event.startsAt), dateText(manifest.event.endsAt)];
    var dates = span[0] && span[1] && span[0] !== span[1] ? span[0] + ' – ' + span[1] : span[0];
    $('summary').textContent = shown.length + (shown.length === 1 ? ' photo' : ' photos') + (dates ? ' · ' + dates : '');
  }

  function renderGrid() {
    grid.replaceChildren();
    shown.forEach(function (photo, index) {
      var tile = document.createElement('button');
      tile.type = 'button';
      tile.className = 'tile';
      tile.dataset.index = String(index);
      tile.setAttribute('aria-label', photo.fileName);
      var img = document.createElement('img');
      img.src = photo.thumb.path;
      img.alt = photo.fileName;
      img.loading = 'lazy';
      img.width = photo.thumb.width;
      img.height = photo.thumb.height;
      tile.appendChild(img);
      tile.addEventListener('click', function () { open(index); });
      grid.appendChild(tile);
    });
    summary();
  }

  function downloadName(photo) {
    return photo.fileName.replace(/\.[^.]*$/, '') + '.webp';
  }

  function open(index) {
    if (shown.length === 0) return;
    current = (index + shown.length) % shown.length;
    var photo = shown[current];
    $('full').src = photo.image.path;
    $('full').alt = photo.fileName;
    $('caption').textContent = photo.fileName + (photo.takenAt ? ' · ' + dateText(photo.takenAt) : '');
    $('download').href = photo.image.path;
    $('download').setAttribute('download', downloadName(photo));
    var original = $('download-original');
    original.hidden = !photo.original;
    if (photo.original) {
      original.href = photo.original.path;
      original.setAttribute('download', photo.fileName);
    }
    $('lightbox').hidden = false;
    $('close').focus();
  }

  function close() {
    $('lightbox').hidden = true;
    $('full').removeAttribute('src');
    var tile = grid.querySelector('[data-index="' + current + '"]');
    if (tile) tile.focus();
    current = -1;
  }

  // People and guests the host listed: show everyone, or only the photos one of them is in.
  function setUpFilter() {
    var members = (manifest.people || []).map(function (p) { return { label: p.name, photos: p.photos }; })
      .concat((manifest.guests || []).map(function (g) { return { label: g.name + ' (guest)', photos: g.photos }; }));
    if (members.length === 0) return;
    var select = $('filter');
    select.appendChild(new Option('Everyone', ''));
    members.forEach(function (member, i) { select.appendChild(new Option(member.label, String(i))); });
    select.addEventListener('change', function () {
      var member = members[Number(select.value)];
      if (select.value === '' || !member) {
        shown = photos;
      } else {
        var wanted = new Set(member.photos);
        shown = photos.filter(function (photo) { return wanted.has(photo.sha256); });
      }
      renderGrid();
    });
    $('filter-label').hidden = false;
  }

  $('close').addEventListener('click', close);
  $('prev').addEventListener('click', function () { open(current - 1); });
  $('next').addEventListener('click', function () { open(current + 1); });
  document.addEventListener('keydown', function (event) {
    if ($('lightbox').hidden) return;
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowLeft') open(current - 1);
    else if (event.key === 'ArrowRight') open(current + 1);
  });

  setUpFilter();
  renderGrid();
})();
