function ConvertFrom-PgServiceToolOutput {
    <#
    .SYNOPSIS
        Turns what pgcluster-scm.exe prints ("key<TAB>value" lines, values %XX-escaped) into a
        PgCluster.Service object, or into an error record when it printed "error".
    .OUTPUTS
        PgCluster.Service, or a [pscustomobject] with ErrorCode and ErrorText.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [AllowEmptyCollection()]
        [string[]]
        $Line
    )

    $fields = @{}
    $dependencies = @()
    foreach ($text in $Line) {
        $key, $value = $text -split "`t", 2
        if ($null -eq $value) {
            continue
        }
        if ($key -eq 'error') {
            $code, $message = $value -split "`t", 2
            return [pscustomobject]@{ ErrorCode = [int]$code; ErrorText = [Uri]::UnescapeDataString("$message").Trim() }
        }
        $value = [Uri]::UnescapeDataString($value)
        if ($key -eq 'depend') {
            $dependencies += $value
        }
        else {
            $fields[$key] = $value
        }
    }
    if (-not $fields.ContainsKey('name') -or -not $fields.ContainsKey('start')) {
        throw (New-PgErrorRecord -ErrorId 'ServiceToolOutput' -Category InvalidResult `
                -Message "pgcluster-scm.exe printed no service configuration: $($Line -join ' | ')" `
                -Hint 'The helper and the module come from different PgCluster versions: repair or reinstall PgCluster.')
    }
    $startType = switch ($fields['start']) {
        'auto' { 'Auto' }
        'demand' { 'Demand' }
        'disabled' { 'Disabled' }
        'boot' { 'Boot' }
        'system' { 'System' }
        default { 'Unknown' }
    }
    $serviceType = switch ($fields['type']) {
        '16' { 'WIN32_OWN_PROCESS' }
        '32' { 'WIN32_SHARE_PROCESS' }
        default { "$($fields['type'])" }
    }
    [pscustomobject]@{
        PSTypeName   = 'PgCluster.Service'
        Name         = $fields['name']
        DisplayName  = $fields['display']
        StartType    = $startType
        # Not reported where the SCM has no such setting (Wine): then it cannot be delayed.
        DelayedStart = ($fields['delayed'] -eq '1')
        ServiceType  = $serviceType
        BinaryPath   = $fields['binpath']
        Account      = $fields['account']
        # Empty when the stored account name does not resolve (a deleted or mistyped account).
        AccountSid   = $fields['accountsid']
        Description  = $fields['description']
        Dependencies = $dependencies
    }
}
