// dvht giao-dien: drag-and-drop uploads and the "Tổng hợp" progress bar. No library, nothing from the internet.
"use strict";

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]').content;
}

function show(list, lines) {
  list.textContent = "";
  for (const [text, cls] of lines) {
    const li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    list.appendChild(li);
  }
  list.hidden = lines.length === 0;
}

function uploadFiles(form, files) {
  if (!files.length) return;
  const data = new FormData();
  data.append("csrf", csrfToken());
  for (const f of files) {
    data.append("tep", f, f.name);
    data.append("thoi_gian", String(f.lastModified));  // kept on the stored copy: "newest wins" may need it
  }
  const bar = document.getElementById("upload-bar");
  const list = document.getElementById("upload-result");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("Accept", "application/json");
  xhr.setRequestHeader("X-CSRF-Token", csrfToken());
  bar.hidden = false;
  bar.value = 0;
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
  xhr.onload = () => {
    bar.hidden = true;
    let answer = {};
    try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {error: "Máy chủ trả lời không đọc được."}; }
    if (answer.error) { show(list, [[answer.error, "error"]]); return; }
    const lines = [[`Đã lưu ${answer.saved.length} tệp.`, ""]];
    for (const n of answer.existing) lines.push([`Đã có sẵn (không lưu lại): ${n}`, ""]);
    for (const r of answer.refused) lines.push([r.message, "error"]);
    show(list, lines);
    // the board lists what was stored and keeps every refusal until dismissed: nothing said here is lost
    if (answer.saved.length || answer.refused.length) {
      // after the reload the keyboard goes on from the refusals (to read them) or from "Tổng hợp"
      sessionStorage.setItem("dvht-focus", answer.refused.length ? "refusals" : "run-button");
      window.location.reload();
    }
  };
  xhr.onerror = () => { bar.hidden = true; show(list, [["Không gửi được tệp: ứng dụng đã dừng?", "error"]]); };
  xhr.send(data);
}

function setupUpload() {
  const form = document.getElementById("upload");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  input.addEventListener("change", () => uploadFiles(form, input.files));
  for (const type of ["dragenter", "dragover"]) {
    form.addEventListener(type, (e) => { e.preventDefault(); form.classList.add("over"); });
  }
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (e) => {
    e.preventDefault();
    form.classList.remove("over");
    uploadFiles(form, e.dataTransfer.files);
  });
}

function poll(form) {
  const bar = document.getElementById("run-bar");
  const stage = document.getElementById("run-stage");
  const error = document.getElementById("run-error");
  document.getElementById("run-status").hidden = false;
  document.getElementById("run-button").disabled = true;
  const tick = async () => {
    let job;
    try {
      job = await (await fetch(form.dataset.progress, {headers: {"Accept": "application/json"}})).json();
    } catch (e) { setTimeout(tick, 1000); return; }
    stage.textContent = job.stage || "";
    const count = document.getElementById("run-count");
    if (job.total) {
      bar.max = job.total; bar.value = job.done;
      count.textContent = `${Math.min(job.done, job.total)} / ${job.total} tệp`;
    } else { bar.removeAttribute("value"); count.textContent = ""; }
    if (!job.finished) { setTimeout(tick, 400); return; }
    if (job.error) {
      error.textContent = job.error;
      error.hidden = false;
      document.getElementById("run-button").disabled = false;
      document.getElementById("run-status").hidden = true;
    } else {
      sessionStorage.setItem("dvht-focus", "ket-qua-title");  // the keyboard goes on from the results
      window.location.reload();
    }
  };
  tick();
}

function setupRun() {
  const form = document.getElementById("run");
  if (!form) return;
  if (form.dataset.running) poll(form);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const button = document.getElementById("run-button");
    const error = document.getElementById("run-error");
    button.disabled = true;
    error.hidden = true;
    const response = await fetch(form.action, {
      method: "POST", body: new FormData(form),
      headers: {"Accept": "application/json", "X-CSRF-Token": csrfToken()},
    });
    const answer = await response.json();
    if (response.status === 202) { poll(form); return; }
    error.textContent = answer.error || "Không bắt đầu được.";
    error.hidden = false;
    button.disabled = false;
  });
}

function restoreFocus() {
  const id = sessionStorage.getItem("dvht-focus");
  sessionStorage.removeItem("dvht-focus");
  const target = id && document.getElementById(id);
  if (target) { if (!target.matches("button, a, input")) target.tabIndex = -1; target.focus(); }
}

document.addEventListener("DOMContentLoaded", () => { setupUpload(); setupRun(); restoreFocus(); });
