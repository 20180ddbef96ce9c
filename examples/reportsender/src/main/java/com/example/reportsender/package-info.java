/** The send-reports background task: the queued JSON reports of a profile, posted to an HTTP endpoint. */
package com.example.reportsender;
