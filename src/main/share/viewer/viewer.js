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
  /** sha256 -> similarity while selfie search results are shown. */
  var similarities = null;
  var current = -1;
  var $ = function (id) {
    return document.getElementById(id);
  };

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
      tile.dataset.sha256 = photo.sha256;
      if (similarities) tile.dataset.similarity = String(similarities.get(photo.sha256));
      tile.setAttribute('aria-label', photo.fileName);
      var img = document.createElement('img');
      img.src = photo.thumb.path;
      img.alt = photo.fileName;
      img.loading = 'lazy';
      img.width = photo.thumb.width;
      img.height = photo.thumb.height;
      tile.appendChild(img);
      tile.addEventListener('click', function () {
        open(index);
      });
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
    // A video's picture is its poster; its original plays in place.
    var video = photo.original && isVideo(photo.original.path) ? $('full-video') : null;
    $('full').hidden = Boolean(video);
    $('full-video').hidden = !video;
    stopVideo();
    if (video) {
      video.poster = photo.image.path;
      video.src = photo.original.path;
      video.setAttribute('aria-label', photo.fileName);
    } else {
      $('full').src = photo.image.path;
      $('full').alt = photo.fileName;
    }
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

  function isVideo(path) {
    return /\.(mp4|m4v|mov|webm|mkv|avi|3gp)$/.test(path);
  }

  function stopVideo() {
    var video = $('full-video');
    video.pause();
    video.removeAttribute('src');
    video.load();
  }

  function close() {
    $('lightbox').hidden = true;
    $('full').removeAttribute('src');
    stopVideo();
    var tile = grid.querySelector('[data-index="' + current + '"]');
    if (tile) tile.focus();
    current = -1;
  }

  // People and guests the host listed: show everyone, or only the photos one of them is in. One
  // list of names: whoever reads the package need not know who was a guest and who a person of
  // the host's library (the exporter lists each of them once).
  function setUpFilter() {
    var members = (manifest.people || []).concat(manifest.guests || []).map(function (m) {
      return { label: m.name, photos: m.photos };
    });
    if (members.length === 0) return;
    var select = $('filter');
    select.appendChild(new Option('Everyone', ''));
    members.forEach(function (member, i) {
      select.appendChild(new Option(member.label, String(i)));
    });
    select.addEventListener('change', function () {
      var member = members[Number(select.value)];
      similarities = null;
      $('find-clear').hidden = true;
      if (select.value === '' || !member) {
        shown = photos;
      } else {
        var wanted = new Set(member.photos);
        shown = photos.filter(function (photo) {
          return wanted.has(photo.sha256);
        });
      }
      renderGrid();
    });
    $('filter-label').hidden = false;
  }

  $('close').addEventListener('click', close);
  $('prev').addEventListener('click', function () {
    open(current - 1);
  });
  $('next').addEventListener('click', function () {
    open(current + 1);
  });
  document.addEventListener('keydown', function (event) {
    if ($('lightbox').hidden) return;
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowLeft') open(current - 1);
    else if (event.key === 'ArrowRight') open(current + 1);
  });

  // Selfie search, only in packages whose host opted in: the search scripts load on first use.
  function setUpFind() {
    if (!manifest.biometrics) return;
    var find = $('find');
    var loading = null;
    var byHash = new Map(
      photos.map(function (photo) {
        return [photo.sha256, photo];
      }),
    );
    function loadScript(src) {
      return new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = function () {
          reject(new Error(src + ' is missing from this package'));
        };
        document.body.appendChild(script);
      });
    }
    function loadSearch() {
      loading =
        loading ||
        ['search/runtime.js', 'search/models.js', 'search/search.js']
          .reduce(function (done, src) {
            return done.then(function () {
              return loadScript(src);
            });
          }, Promise.resolve())
          .then(function () {
            return window.FacetSearch.ready();
          });
      loading.catch(function () {
        loading = null;
      });
      return loading;
    }
    function search(file) {
      if (!file) return;
      $('find-status').textContent = 'Looking for you…';
      find.setAttribute('aria-busy', 'true');
      loadSearch()
        .then(function () {
          return window.FacetSearch.findPhotos(file);
        })
        .then(function (result) {
          var matches = result.matches.filter(function (m) {
            return byHash.has(m.photo);
          });
          similarities = new Map(
            matches.map(function (m) {
              return [m.photo, m.similarity];
            }),
          );
          shown = matches.map(function (m) {
            return byHash.get(m.photo);
          });
          $('filter').value = '';
          $('find-status').textContent =
            result.faces.length === 0
              ? 'No face found in ' + file.name + '.'
              : matches.length === 0
                ? 'None of these photos look like you.'
                : 'You are in ' + matches.length + (matches.length === 1 ? ' photo.' : ' photos.');
          $('find-clear').hidden = false;
          renderGrid();
        })
        .catch(function (error) {
          $('find-status').textContent = 'Search failed: ' + error.message;
        })
        .then(function () {
          find.removeAttribute('aria-busy');
        });
    }
    $('selfie').addEventListener('change', function () {
      search($('selfie').files[0]);
    });
    find.addEventListener('dragover', function (event) {
      event.preventDefault();
      find.classList.add('dragging');
    });
    find.addEventListener('dragleave', function () {
      find.classList.remove('dragging');
    });
    find.addEventListener('drop', function (event) {
      event.preventDefault();
      find.classList.remove('dragging');
      search(event.dataTransfer.files[0]);
    });
    $('find-clear').addEventListener('click', function () {
      similarities = null;
      shown = photos;
      $('find-clear').hidden = true;
      $('find-status').textContent = '';
      $('selfie').value = '';
      renderGrid();
    });
    find.hidden = false;
  }

  setUpFilter();
  setUpFind();
  renderGrid();
})();
