function ConvertFrom-PgScQcOutput {
    <#
    .SYNOPSIS
        Turns the output of `sc.exe qc <service>` into an object. The field names are English on
        every Windows language; DEPENDENCIES continues on lines that hold only a value.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string[]]
        $Line
    )

    $fields = @{}
    $dependencies = @()
    $last = $null
    foreach ($text in $Line) {
        if ($text -match '^\s*([A-Z_]+)\s*:\s*(.*?)\s*$') {
            $last = $Matches[1]
            $fields[$last] = $Matches[2]
            if ($last -eq 'DEPENDENCIES' -and $Matches[2]) {
                $dependencies += $Matches[2]
            }
        }
        elseif ($last -eq 'DEPENDENCIES' -and $text -match '^\s+:?\s*(\S.*?)\s*$') {
            $dependencies += $Matches[1]
        }
        elseif ($text.Trim()) {
            $last = $null
        }
    }
    if (-not $fields.ContainsKey('SERVICE_NAME')) {
        throw "sc.exe qc output has no SERVICE_NAME line: $($Line -join ' | ')"
    }
    $start = 'Unknown'
    $delayed = $false
    if ($fields['START_TYPE'] -match '^\d+\s+(\w+)(\s+\(DELAYED\))?') {
        $start = switch ($Matches[1]) {
            'BOOT_START' { 'Boot' }
            'SYSTEM_START' { 'System' }
            'AUTO_START' { 'Auto' }
            'DEMAND_START' { 'Demand' }
            'DISABLED' { 'Disabled' }
            default { $Matches[1] }
        }
        $delayed = [bool]$Matches[2]
    }
    [pscustomobject]@{
        PSTypeName     = 'PgCluster.Service'
        Name           = $fields['SERVICE_NAME']
        DisplayName    = $fields['DISPLAY_NAME']
        StartType      = $start
        DelayedStart   = $delayed
        ServiceType    = ($fields['TYPE'] -replace '^\d+\s+', '')
        BinaryPath     = $fields['BINARY_PATH_NAME']
        Account        = $fields['SERVICE_START_NAME']
        Dependencies   = $dependencies
        ErrorControl   = ($fields['ERROR_CONTROL'] -replace '^\d+\s+', '')
    }
}
