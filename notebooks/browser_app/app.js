// The browser app of notebook 09: reads its session from the page's own server (which did the
// managed-login code exchange with PKCE), then calls GET /users cross-origin. A call with an
// Authorization header makes the browser send a CORS preflight (OPTIONS) first; a response
// without Access-Control-Allow-Origin is unreadable, and fetch rejects with a TypeError.
"use strict";

const CORS_ERROR = "CORS error: TypeError: Failed to fetch (the browser hides the response)";
let session = { signedIn: false };
let apiUrl = "";

function show(id, text) {
  document.getElementById(id).textContent = text;
}

async function callApi(token) {
  const headers = token ? { Authorization: token } : {};
  try {
    const response = await fetch(apiUrl, { headers });
    const body = await response.text();
    show("result", `HTTP ${response.status}: ${body}`);
  } catch (error) {
    console.error(error);
    show("result", error instanceof TypeError ? CORS_ERROR : `Error: ${error}`);
  }
}

async function start() {
  apiUrl = (await (await fetch("/config.json")).json()).apiUrl;
  session = await (await fetch("/session")).json();
  if (session.signedIn) {
    show("status", "Signed in.");
  } else if (window.location.pathname === "/signed-out") {
    show("status", "Signed out.");
  } else {
    show("status", session.problem ? `Not signed in: ${session.problem}` : "Not signed in.");
  }
  document.getElementById("call-with-token").addEventListener("click", () => {
    if (!session.signedIn) {
      show("result", "Sign in first.");
      return;
    }
    callApi(session.idToken);
  });
  document.getElementById("call-without-token").addEventListener("click", () => callApi(null));
}

start();
