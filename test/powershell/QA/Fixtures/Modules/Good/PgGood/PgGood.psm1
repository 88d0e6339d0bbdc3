Set-StrictMode -Version 3.0

foreach ($folder in @('Private', 'Public')) {
    $files = Get-ChildItem -Path (Join-Path -Path $PSScriptRoot -ChildPath $folder) -Filter '*.ps1' -ErrorAction SilentlyContinue
    foreach ($file in $files) {
        . $file.FullName
    }
}
