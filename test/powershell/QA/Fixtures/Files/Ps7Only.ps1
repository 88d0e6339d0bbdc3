# Fixture: constructs that Windows PowerShell 5.1 cannot run, one per line, each marked with the
# rule that must report it; and 5.1-valid equivalents that must not be reported.
using namespace System.Collections.Generic
param ($Uri, $Path, $Flag, $Object, $List)

$answer = $Flag ? 'yes' : 'no'  # expect: Compat.Ternary
git fetch && git status  # expect: Compat.PipelineChain
git fetch || Write-Warning -Message 'fetch failed'  # expect: Compat.PipelineChain
$value = $Object ?? 'default'  # expect: Compat.NullCoalescing
$Object ??= 'default'  # expect: Compat.NullCoalescingAssignment
$length = ${Object}?.Length  # expect: Compat.NullConditional
$first = ${List}?[0]  # expect: Compat.NullConditional
Start-Sleep -Seconds 1 &  # expect: Compat.BackgroundOperator
1..3 | ForEach-Object -Parallel { $_ }  # expect: Compat.ForEachParallel
1..3 | ForEach-Object -ThrottleLimit 2 -Process { $_ }  # expect: Compat.Parameter
Write-Output -InputObject $PSStyle.Bold  # expect: Compat.PSStyle
if ($IsWindows) { 'windows' }  # expect: Compat.AutomaticVariable
$onLinux = $IsLinux  # expect: Compat.AutomaticVariable
if ($IsMacOS -and $PSVersionTable.PSEdition -eq 'Core') { 'mac' }  # expect: Compat.AutomaticVariable
$unix = ($Flag -and $IsLinux)  # expect: Compat.AutomaticVariable
if ($Flag) { 'no guard here' } elseif ($IsCoreCLR) { 'core' }  # expect: Compat.AutomaticVariable
'a', 'b' | Join-String -Separator ', '  # expect: Compat.Command
Get-Error  # expect: Compat.Command
$table = '{}' | ConvertFrom-Json -AsHashtable  # expect: Compat.Parameter
$deep = '{}' | ConvertFrom-Json -Depth 5  # expect: Compat.Parameter
Invoke-RestMethod -Uri $Uri -SkipHttpErrorCheck  # expect: Compat.Parameter
Invoke-WebRequest -Uri $Uri -SkipCert -UseBasicParsing  # expect: Compat.Parameter
Set-Content -Path $Path -Value 'x' -Encoding utf8NoBOM  # expect: Compat.EncodingValue
Set-Content -Path $Path -Value 'x' -Encoding:utf8BOM  # expect: Compat.EncodingValue
Out-File -FilePath $Path -InputObject 'x' -Encoding ansi  # expect: Compat.EncodingValue
Add-Content -Path $Path -Value 'x' -Encoding 65001  # expect: Compat.EncodingValue
Get-Content -Path $Path -Encoding 'windows-1252'  # expect: Compat.EncodingValue
Export-Csv -InputObject $Object -Path $Path -Enc ([System.Text.Encoding]::UTF8)  # expect: Compat.EncodingValue
Set-Content -Path $Path -Value 'x' -Encoding (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false)  # expect: Compat.EncodingValue
'x' | Tee-Object -FilePath $Path -Encoding utf8  # expect: Compat.Parameter
$ok = '{}' | Test-Json  # expect: Compat.Command
$text = ConvertTo-Json -InputObject $Object -EnumsAsStrings  # expect: Compat.Parameter
$array = ConvertTo-Json -InputObject $List -AsArray  # expect: Compat.Parameter
Set-Content -Path $Path -Value $Object -AsByteStream  # expect: Compat.Parameter
Add-Content -Path $Path -Value $Object -AsByteStream  # expect: Compat.Parameter
Invoke-RestMethod -Uri $Uri -SkipCertificateCheck  # expect: Compat.Parameter
Invoke-WebRequest -Uri $Uri -SkipCertificateCheck -UseBasicParsing  # expect: Compat.Parameter
Start-Process -FilePath 'pg_ctl.exe' -Environment @{ PGPORT = '5433' }  # expect: Compat.Parameter
$shown = $List | Where-Object -Not -Property Hidden  # expect: Compat.Parameter
Start-Sleep -Duration ([timespan]::FromSeconds(1))  # expect: Compat.Parameter
Get-Content -Path $Path -AsByteStream  # expect: Compat.Parameter
1..9 | Sort-Object -Top 3  # expect: Compat.Parameter
$leaf = Split-Path -Path $Path -LeafBase  # expect: Compat.Parameter
$file = Join-Path 'a' 'b' 'c'  # expect: Compat.Parameter
$smile = "smile `u{263A}"  # expect: Compat.UnicodeEscape
function Test-Clean {
    process { $_ }
    clean { 'cleanup' }  # expect: Compat.CleanBlock
}

# Suppressed with a reason: not reported.
if ($IsLinux) { 'linux' }  # pgqa-allow: Compat.AutomaticVariable -- guarded by a PSEdition check in real code
# pgqa-allow: Compat.AutomaticVariable -- a suppression on the line above applies to the next line
if ($IsMacOS) { 'mac' }
# A suppression without a reason does not count.
$core = $IsCoreCLR  # pgqa-allow: Compat.AutomaticVariable expect: Compat.AutomaticVariable

# Guarded platform variables (a $PSVersionTable or variable: test before them): not reported.
if ($PSVersionTable.PSEdition -eq 'Core' -and $IsWindows) { 'windows' }
$onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or $IsWindows
$onLinux = if ($PSVersionTable.PSEdition -eq 'Desktop') { $false } else { $IsLinux }
if ($PSVersionTable.PSVersion.Major -ge 6) {
    if ($IsMacOS) { 'mac' }
}
if ($PSVersionTable.PSEdition -eq 'Desktop') { 'windows' } elseif ($IsLinux) { 'linux' }
if (Test-Path -Path variable:IsCoreCLR) { $core = $IsCoreCLR }
if (Get-Variable -Name IsWindows -ErrorAction SilentlyContinue) { $onWindows = $IsWindows }
$onWindows = Get-Variable -Name IsWindows -ValueOnly -ErrorAction SilentlyContinue

# 5.1-valid forms: not reported.
$names = [List[string]]::new()
$builder = [System.Text.StringBuilder]::new()
$data = Import-PowerShellDataFile -Path $Path
Set-Content -Path $Path -Value 'x' -Encoding UTF8
Add-Content -Path $Path -Value 'x' -Encoding Unicode
Out-File -FilePath $Path -InputObject 'x' -Encoding oem
$bytes = Get-Content -Path $Path -Encoding Byte -ReadCount 0
[System.IO.File]::WriteAllText($Path, 'x', (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
$hidden = $List | Where-Object -Property Name -NotLike 'a*'
Start-Sleep -Milliseconds 10
$text = ConvertTo-Json -InputObject @($Object) -Depth 3
Start-Process -FilePath 'pg_ctl.exe' -ArgumentList 'status' -Wait
$answer = if ($Flag) { 'yes' } else { 'no' }
$file = Join-Path -Path (Join-Path -Path 'a' -ChildPath 'b') -ChildPath 'c'
$leaf = Split-Path -Path $Path -Leaf
$some = 1..9 | Select-Object -Skip 1 -First 3
$parsed = ConvertFrom-Json -InputObject '{}'
Set-Content -Path $Path -Value 'x' -Encoding ASCII
$json = ConvertTo-Json -InputObject @{ a = 1 } -Depth 4 -Compress
$page = Invoke-WebRequest -Uri $Uri -UseBasicParsing -TimeoutSec 5
$all = Get-ChildItem -Path $Path -Recurse -Force
